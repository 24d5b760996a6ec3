# A child cancelled on its own (not through the gather) counts, without
# return_exceptions, as a child raising CancelledError: the awaiter gets it
# (with the child's message) as soon as the child is done, but the gather is
# finished with that error, not cancelled, and the other children go on.
# The gather took the child's CancelledError: awaiting the child later gives
# a plain one.
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(child("a", 1, result="A"))
    b = asyncio.create_task(child("b", 5, result="B", cleanup=0.25))
    c = asyncio.create_task(child("c", 2, result="C"))

    def cancel_b():
        trace(f"timer: b.cancel('b off') -> {b.cancel('b off')}")

    loop.call_later(0.5, cancel_b)
    g = asyncio.gather(a, b, c)
    trace("main: awaiting gather(a, b, c)")
    try:
        await g
        trace("main: not reached")
    except asyncio.CancelledError as e:
        trace(f"main: gather raised {fmt(e)}")
    trace(f"main: g.done()={g.done()} g.cancelled()={g.cancelled()} main cancelling={asyncio.current_task().cancelling()}")
    trace(f"main: a.done()={a.done()} b.cancelled()={b.cancelled()} c.done()={c.done()}")
    await asyncio.sleep(3)
    trace(f"main: a -> {a.result()}, c -> {c.result()}")
    try:
        await b
    except asyncio.CancelledError as e:
        trace(f"main: await b raised {fmt(e)}")


run(main())
