# set_result schedules the done callbacks with call_soon, in the order they
# were added (a callback added twice runs twice), so they run in the next
# iteration after what was already queued; remove_done_callback reports how
# many registrations it removed; a callback added to a done future is
# scheduled at once.
from vclock import VirtualLoop, trace

loop = VirtualLoop()
fut = loop.create_future()


def first(f):
    trace(f"first sees {f.result()}")


def second(f):
    trace(f"second sees {f.result()}")


def unwanted(f):
    trace("unwanted (removed, never runs)")


def late(f):
    trace(f"late sees {f.result()}")


def setter():
    trace("setter: set_result(7)")
    fut.set_result(7)
    loop.call_soon(lambda: trace("queued after set_result"))
    fut.add_done_callback(late)
    loop.call_soon(loop.stop)


fut.add_done_callback(first)
fut.add_done_callback(unwanted)
fut.add_done_callback(second)
fut.add_done_callback(unwanted)
fut.add_done_callback(first)
trace(f"removed {fut.remove_done_callback(unwanted)}", loop)
trace(f"removed again {fut.remove_done_callback(unwanted)}", loop)
loop.call_soon(lambda: trace("queued before set_result"))
loop.call_soon(setter)
loop.run_forever()
trace(f"done={fut.done()} result={fut.result()}", loop)
loop.close()
