# stop() before run_forever makes it run exactly one iteration.  stop() from
# a callback lets the rest of the current iteration run (a timer due at the
# same instant included) and leaves what was queued meanwhile for the next
# run_forever.
from vclock import VirtualLoop, trace

loop = VirtualLoop()


def say(word):
    trace(f"ran {word}")


def first():
    trace("first: queues second")
    loop.call_soon(say, "second")


def stopper():
    trace("stopper: stop(), queues leftover")
    loop.stop()
    loop.call_soon(say, "leftover")


loop.call_soon(first)
loop.stop()
trace(f"run 1, stop requested first, running={loop.is_running()}", loop)
loop.run_forever()
trace(f"run 1 returned, running={loop.is_running()}", loop)
loop.call_later(1.0, stopper)
loop.call_later(1.0, say, "timer due with stopper")
loop.call_later(2.0, say, "timer at 2.0")
loop.run_forever()
trace("run 2 returned", loop)
loop.stop()
loop.run_forever()
trace("run 3 returned", loop)
loop.close()
