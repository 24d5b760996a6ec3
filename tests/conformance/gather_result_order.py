# gather's result lists the children's results in argument order, not in the
# order they finish: the children here finish b, c, a, and the awaiter wakes
# once, after the last of them, with [a's, b's, c's] results.
import asyncio

from vclock import fmt, run, trace


async def child(name, delay, result):
    trace(f"{name}: sleeping {delay}")
    await asyncio.sleep(delay)
    trace(f"{name}: returning {result}")
    return result


async def main():
    a = asyncio.create_task(child("a", 3, "A"))
    b = asyncio.create_task(child("b", 1, 20))
    c = asyncio.create_task(child("c", 2, "C"))
    trace("main: awaiting gather(a, b, c)")
    res = await asyncio.gather(a, b, c)
    trace(f"main: gather -> {fmt(res)} ({len(res)} items)")


run(main())
