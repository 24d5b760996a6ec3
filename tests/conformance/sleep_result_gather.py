# Tasks that return `await sleep(delay, result)` finish in delay order, and
# gather lists their results in argument order.
import asyncio

from vclock import run, trace


async def later(delay, result):
    r = await asyncio.sleep(delay, result)
    trace(f"later({delay}): {r}")
    return r


async def main():
    rs = await asyncio.gather(later(3, "c"), later(1, "a"), later(2, "b"), later(0, "now"))
    trace(f"main: gather -> {rs}")


run(main())
