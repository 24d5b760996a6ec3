# aclose() on a generator that never started does nothing: its body never
# runs (no cleanup either) and it is closed, so anext raises
# StopAsyncIteration.  Closing a started generator runs its cleanup once;
# a second aclose, like aclose on any closed generator, is a no-op.
import asyncio

from vclock import run, trace


async def gen(name):
    trace(f"{name}: started")
    try:
        yield 1
        yield 2
    except BaseException as e:
        trace(f"{name}: cleanup after {type(e).__name__}")
        raise


async def main():
    g = gen("fresh")
    await g.aclose()
    trace("main: aclose on a fresh generator returned")
    try:
        await anext(g)
    except StopAsyncIteration as e:
        trace(f"main: anext raised {type(e).__name__}")
    await g.aclose()
    trace("main: aclose again returned")

    h = gen("started")
    trace(f"main: got {await anext(h)}")
    await h.aclose()
    trace("main: first aclose returned")
    await asyncio.sleep(0.5)
    await h.aclose()
    trace("main: second aclose returned")
    try:
        await anext(h)
    except StopAsyncIteration as e:
        trace(f"main: anext raised {type(e).__name__}")


run(main())
