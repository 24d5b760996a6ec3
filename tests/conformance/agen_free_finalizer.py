# Dropping the last reference to a suspended async generator (wa_agen_free
# in C) makes asyncio's finalizer hook close it in a task of its own,
# created through call_soon_threadsafe(loop.create_task, agen.aclose()):
# the task is only created in the next loop iteration, so the code that
# dropped it runs on first; the cleanup then sees GeneratorExit, may await.
import asyncio

from vclock import run, trace


async def stream():
    try:
        yield 0
        yield 1
    except BaseException as e:
        trace(f"gen: cleanup after {type(e).__name__}")
        await asyncio.sleep(0.5)
        trace("gen: cleanup done")
        raise


async def main():
    g = stream()
    trace(f"main: got {await anext(g)}")
    del g
    trace("main: dropped the generator")
    await asyncio.sleep(0)
    trace("main: after sleep(0) #1")
    await asyncio.sleep(0)
    trace("main: after sleep(0) #2")
    await asyncio.sleep(1)
    trace("main: done")


run(main())
