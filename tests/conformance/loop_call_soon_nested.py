# An iteration runs only the callbacks that were ready when it began
# (_run_once's ntodo): a callback queued by a running callback waits for the
# next iteration, behind those already queued.  stop() ends run_forever after
# the current iteration, so what the last iteration queued runs in the next
# run_forever.
from vclock import VirtualLoop, trace

loop = VirtualLoop()


def a():
    trace("a: queues a2")
    loop.call_soon(a2)


def b():
    trace("b: queues b2")
    loop.call_soon(b2)


def a2():
    trace("a2: stop()")
    loop.stop()


def b2():
    trace("b2: still runs in this iteration, queues c")
    loop.call_soon(c)


def c():
    trace("c: second run_forever")
    loop.stop()


loop.call_soon(a)
loop.call_soon(b)
loop.run_forever()
trace("run_forever returned", loop)
loop.run_forever()
trace("run_forever returned again", loop)
loop.close()
