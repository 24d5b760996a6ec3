# Once an async generator has returned, every further anext raises
# StopAsyncIteration at once without running any of its code again, and an
# `async for` over it runs no iteration; a partly consumed generator, on the
# other hand, goes on from where the previous consumer left it.
import asyncio

from vclock import run, trace


async def letters():
    trace("gen: started")
    for c in "abc":
        await asyncio.sleep(0.1)
        yield c
    trace("gen: returning")


async def main():
    gen = letters()
    trace(f"main: anext -> {await anext(gen)}")
    async for c in gen:
        trace(f"main: async for got {c}")
    trace("main: async for ended")
    for i in range(2):
        try:
            await anext(gen)
        except StopAsyncIteration as e:
            trace(f"main: anext #{i + 1} after the end raised {type(e).__name__}")
    async for c in gen:
        trace("main: not reached")
    trace("main: async for over the exhausted generator ran no iteration")


run(main())
