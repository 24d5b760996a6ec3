# After aclose() raised "async generator ignored GeneratorExit", the
# generator is marked closed though still suspended at its second yield:
# another aclose() raises StopAsyncIteration at once without resuming it,
# while anext() still resumes it from that yield until it returns.
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
    try:
        await g.aclose()
        trace("main: second aclose returned")
    except StopAsyncIteration as e:
        trace(f"main: second aclose raised {type(e).__name__}")
    try:
        trace(f"main: anext -> {await anext(g)}")
    except StopAsyncIteration as e:
        trace(f"main: anext raised {type(e).__name__}")
    await g.aclose()
    trace("main: aclose of the finished generator returned")


run(main())
