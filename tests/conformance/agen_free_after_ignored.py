# A generator that ignored the GeneratorExit of an aclose() is marked
# closed, so another aclose() does not resume it; but once dropped, it is
# closed again (CPython's finalizer throws GeneratorExit in once more), it
# ignores that too, and is gone: nothing of it runs after.
import asyncio

from vclock import run, trace


async def stubborn():
    n = 0
    while True:
        try:
            yield n
        except GeneratorExit:
            trace(f"gen: ignoring GeneratorExit #{n}")
        n += 1


async def main():
    g = stubborn()
    trace(f"main: got {await anext(g)}")
    try:
        await g.aclose()
    except RuntimeError as e:
        trace(f"main: aclose raised {e}")
    try:
        await g.aclose()
    except StopAsyncIteration:
        trace("main: second aclose raised StopAsyncIteration")
    trace(f"main: anext still gives {await anext(g)}")
    del g
    await asyncio.sleep(1)
    trace("main: done")


run(main())
