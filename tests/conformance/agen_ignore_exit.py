# A generator that catches the GeneratorExit of aclose() and yields again
# makes aclose raise RuntimeError("async generator ignored GeneratorExit");
# the generator stays suspended at that second yield, and the next anext
# resumes it from there until it returns (StopAsyncIteration).
import asyncio

from vclock import run, trace


async def stubborn():
    try:
        yield 1
    except GeneratorExit:
        trace("gen: caught GeneratorExit, yielding again")
        yield 2
        trace("gen: resumed after the second yield")
    trace("gen: returning")


async def main():
    g = stubborn()
    trace(f"main: got {await anext(g)}")
    try:
        await g.aclose()
    except RuntimeError as e:
        trace(f"main: aclose raised {type(e).__name__}: {e}")
    await asyncio.sleep(0.5)
    try:
        await anext(g)
    except StopAsyncIteration as e:
        trace(f"main: anext raised {type(e).__name__}")


run(main())
