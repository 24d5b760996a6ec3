# Breaking out of `async for` leaves the generator suspended at its yield,
# its cleanup not run; aclose() throws GeneratorExit in there, so the
# cleanup runs (and may await) before aclose returns.  The closed generator
# then raises StopAsyncIteration.
import asyncio

from vclock import run, trace


async def numbers():
    try:
        for i in range(10):
            trace(f"gen: yielding {i}")
            yield i
            await asyncio.sleep(0.1)
    except BaseException as e:
        trace(f"gen: cleanup after {type(e).__name__}")
        await asyncio.sleep(0.2)
        trace("gen: cleanup done")
        raise


async def main():
    gen = numbers()
    async for x in gen:
        trace(f"main: got {x}")
        if x == 2:
            trace("main: break")
            break
    await asyncio.sleep(1)
    trace("main: after the loop, no cleanup yet; closing")
    await gen.aclose()
    trace("main: aclose returned")
    try:
        await anext(gen)
    except StopAsyncIteration as e:
        trace(f"main: anext after aclose raised {type(e).__name__}")


run(main())
