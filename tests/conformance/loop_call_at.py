# call_at takes an absolute deadline on the loop's clock.  A deadline already
# in the past runs in the next iteration, but after the callbacks that were
# already in the ready queue, since due timers join the queue's tail.
from vclock import VirtualLoop, trace

loop = VirtualLoop()


def say(word):
    trace(f"ran {word}")


def last():
    trace("ran at t0+0.5: stop()")
    loop.stop()


t0 = loop.time()
loop.call_at(t0 + 0.5, last)
h = loop.call_at(t0 + 0.25, say, "at t0+0.25")
past = loop.call_at(t0 - 1.0, say, "at t0-1.0 (in the past)")
loop.call_soon(say, "call_soon")
loop.call_later(0.25, say, "call_later(0.25)")
trace(f"when: {h.when():.3f} and {past.when():.3f}", loop)
loop.run_forever()
trace(f"run_forever returned, t0+0.5 = {t0 + 0.5:.3f}", loop)
loop.close()
