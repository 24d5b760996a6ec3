# A gather can be a child of another gather: its result list becomes one item
# of the outer list; its error becomes an item with return_exceptions; and
# cancelling the outer gather cancels the inner one, which cancels its own
# children, so every task underneath is cancelled with the same message.
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    a = asyncio.create_task(child("a", 2, result="A"))
    b = asyncio.create_task(child("b", 1, result="B"))
    c = asyncio.create_task(child("c", 0.5, result="C"))
    res = await asyncio.gather(asyncio.gather(a, b), c)
    trace(f"main: gather(gather(a, b), c) -> {fmt(res)}")

    d = asyncio.create_task(child("d", 1, result="D"))
    e = asyncio.create_task(child("e", 0.5, fail=ValueError("e failed")))
    x = asyncio.create_task(child("x", 2, result="X"))
    res = await asyncio.gather(asyncio.gather(d, e), x, return_exceptions=True)
    trace(f"main: gather(gather(d, e), x, return_exceptions=True) -> {fmt(res)}")

    g1 = asyncio.create_task(child("g1", 5, result="G1"))
    g2 = asyncio.create_task(child("g2", 5, result="G2"))
    h = asyncio.create_task(child("h", 5, result="H"))
    inner = asyncio.gather(g1, g2)
    outer = asyncio.gather(inner, h)
    await asyncio.sleep(1)
    trace(f"main: outer.cancel('deep') -> {outer.cancel('deep')}")
    try:
        await outer
    except asyncio.CancelledError as exc:
        trace(f"main: outer raised {fmt(exc)}")
    trace(f"main: inner done={inner.done()} cancelled={inner.cancelled()}")
    trace(f"main: cancelled g1={g1.cancelled()} g2={g2.cancelled()} h={h.cancelled()}")


run(main())
