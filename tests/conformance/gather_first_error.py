# Without return_exceptions the first child error fails the gather at once:
# the awaiter gets that error while the other children keep running (one
# returns later, one fails later), and the gather stays done with the first
# error; the later failure changes nothing.
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    a = asyncio.create_task(child("a", 1, fail=ValueError("a failed")))
    b = asyncio.create_task(child("b", 2, result="B"))
    c = asyncio.create_task(child("c", 3, fail=RuntimeError("c failed")))
    g = asyncio.gather(a, b, c)
    trace("main: awaiting gather(a, b, c)")
    try:
        await g
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: gather raised {fmt(e)}")
    trace(f"main: gather done={g.done()} cancelled={g.cancelled()} exception={fmt(g.exception())}")
    trace(f"main: b done={b.done()}, c done={c.done()}")
    await asyncio.sleep(5)
    trace(f"main: b result={fmt(b.result())}, c exception={fmt(c.exception())}")
    trace(f"main: gather exception still {fmt(g.exception())}")


run(main())
