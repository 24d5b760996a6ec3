# A cancelled handle never runs: a timer cancelled before its deadline, a
# call_soon handle cancelled while queued, and a timer cancelled by another
# timer of the same deadline after both were already moved to the ready
# queue.  Cancelling twice, or after the handle ran, changes nothing.
from vclock import VirtualLoop, trace

loop = VirtualLoop()


def say(word):
    trace(f"ran {word}")


def killer():
    trace("killer 0.2: cancels victim")
    victim.cancel()


def finish():
    trace(f"victim cancelled: {victim.cancelled()}")
    trace(f"early cancelled: {early.cancelled()}, soon cancelled: {soon.cancelled()}")
    ran.cancel()
    trace(f"ran cancelled after running: {ran.cancelled()}")
    loop.stop()


early = loop.call_later(0.4, say, "early (cancelled)")
loop.call_later(0.2, killer)
victim = loop.call_later(0.2, say, "victim (cancelled)")
ran = loop.call_later(0.2, say, "bystander 0.2")
soon = loop.call_soon(say, "soon (cancelled)")
loop.call_soon(say, "soon kept")
loop.call_later(0.5, finish)
early.cancel()
early.cancel()
soon.cancel()
trace(f"before run: early cancelled: {early.cancelled()}", loop)
loop.run_forever()
trace("run_forever returned", loop)
loop.close()
