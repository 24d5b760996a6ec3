# A cancelled gather raises CancelledError even if a child swallows its
# cancellation and returns a value.  With return_exceptions=True the gather
# waits for every child (one re-raising, one swallowing) before raising; the
# swallowing child keeps its result and the gather is done, not cancelled.
# With a single swallowing child and no return_exceptions it is the same.
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    a = asyncio.create_task(child("a", 0.5, result="A"))
    b = asyncio.create_task(child("b", 5, result="B", cleanup=0.5))
    c = asyncio.create_task(child("c", 5, result="C", cleanup=1, swallow=True))
    g = asyncio.gather(a, b, c, return_exceptions=True)
    await asyncio.sleep(1)
    trace(f"main: g.cancel('stop') -> {g.cancel('stop')}")
    try:
        await g
        trace("main: not reached")
    except asyncio.CancelledError as e:
        trace(f"main: gather raised {fmt(e)}")
    trace(f"main: g.cancelled()={g.cancelled()} a -> {a.result()}, b.cancelled()={b.cancelled()}, c -> {c.result()}")

    d = asyncio.create_task(child("d", 5, result="D", cleanup=0.5, swallow=True))
    g = asyncio.gather(d)
    await asyncio.sleep(1)
    trace(f"main: g.cancel('halt') -> {g.cancel('halt')}")
    try:
        res = await g
        trace(f"main: not reached {res}")
    except asyncio.CancelledError as e:
        trace(f"main: gather raised {fmt(e)}")
    trace(f"main: g.cancelled()={g.cancelled()} d.cancelled()={d.cancelled()} d -> {d.result()}")


run(main())
