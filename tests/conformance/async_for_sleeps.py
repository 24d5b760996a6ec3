# `async for` over an async generator that awaits between yields: the
# generator runs inside the consuming task, so its sleeps and the loop
# body's sleeps add up one after the other; each item is fresh, and the
# loop ends when the generator returns (StopAsyncIteration is not seen).
import asyncio

from vclock import run, trace


async def ticker(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        trace(f"gen: yielding item-{i}")
        yield f"item-{i}"
    trace("gen: exhausted")


async def main():
    count = 0
    async for item in ticker(3, 0.5):
        trace(f"main: got {item}")
        await asyncio.sleep(0.1)
        count += 1
    trace(f"main: loop ended after {count} items")
    async for item in ticker(0, 0.5):
        trace("main: not reached")
    trace("main: empty generator, no iterations")


run(main())
