# An error raised inside an async generator mid-iteration runs the
# generator's own cleanup first, then comes out of the `async for` that was
# consuming it, with its type and message; the generator is then finished,
# so the next anext raises StopAsyncIteration.
import asyncio

from vclock import run, trace


async def readings():
    try:
        for i in range(5):
            await asyncio.sleep(0.25)
            if i == 2:
                trace("gen: raising ValueError")
                raise ValueError(f"sensor failed at {i}")
            yield i * 10
    except BaseException as e:
        trace(f"gen: cleanup after {type(e).__name__}")
        raise


async def consume(gen):
    total = 0
    async for x in gen:
        trace(f"consume: got {x}")
        total += x
    trace("consume: not reached")
    return total


async def main():
    gen = readings()
    try:
        await consume(gen)
    except ValueError as e:
        trace(f"main: caught {type(e).__name__}: {e}")
    try:
        await anext(gen)
    except StopAsyncIteration as e:
        trace(f"main: anext after the error raised {type(e).__name__}")


run(main())
