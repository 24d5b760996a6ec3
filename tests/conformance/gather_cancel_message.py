# When a cancelled gather with return_exceptions=True finishes, asyncio builds
# its CancelledError from the LAST child in argument order (the loop variable
# left over from building the result list), not from the child that finished
# last: an already-finished last child gives an empty message, a cancelled
# last child gives the message it was cancelled with.
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    b = asyncio.create_task(child("b", 5, result="B", cleanup=1))
    a = asyncio.create_task(child("a", 0.5, result="A"))
    g = asyncio.gather(b, a, return_exceptions=True)
    await asyncio.sleep(1)
    trace(f"main: gather(b, a).cancel('stop') -> {g.cancel('stop')}")
    try:
        await g
    except asyncio.CancelledError as e:
        trace(f"main: gather raised {fmt(e)}")

    c = asyncio.create_task(child("c", 5, result="C", cleanup=1, swallow=True))
    d = asyncio.create_task(child("d", 5, result="D", cleanup=0.5))
    g = asyncio.gather(c, d, return_exceptions=True)
    await asyncio.sleep(1)
    trace(f"main: gather(c, d).cancel('halt') -> {g.cancel('halt')}")
    try:
        await g
    except asyncio.CancelledError as e:
        trace(f"main: gather raised {fmt(e)}")
    trace(f"main: c -> {c.result()}, d.cancelled()={d.cancelled()}")


run(main())
