# Timers fire by deadline, not by the order they were scheduled; equal
# deadlines fire in scheduling order, including one scheduled later from a
# callback whose deadline lands on the same instant.  call_soon work and a
# zero-delay timer run at once, the ready queue first.
from vclock import VirtualLoop, trace

loop = VirtualLoop()


def say(word):
    trace(f"timer {word}")


def a():
    trace("timer a 0.1: schedules b3 in 0.1")
    loop.call_later(0.1, say, "b3 0.2 (scheduled at 0.1)")


def c():
    trace("timer c 0.3: stop()")
    loop.stop()


loop.call_later(0.3, c)
loop.call_later(0.1, a)
loop.call_later(0.2, say, "b1 0.2")
loop.call_later(0.0, say, "zero delay")
loop.call_later(0.2, say, "b2 0.2")
loop.call_soon(lambda: trace("call_soon"))
loop.run_forever()
trace("run_forever returned", loop)
loop.close()
