# The first task of a TaskGroup that fails cancels its siblings and the body:
# the body's await raises CancelledError at the failure time, a sibling's
# cleanup runs (and may await), and once all are done the group raises
# ExceptionGroup("unhandled errors in a TaskGroup") holding the error.  The
# group's own cancellation of the parent is undone: cancelling() is 0 after.
import asyncio

from vclock import run, trace


async def failer():
    trace("failer: sleeping 1")
    await asyncio.sleep(1)
    trace("failer: raising ValueError")
    raise ValueError("boom")


async def sibling():
    trace("sibling: sleeping 5")
    try:
        await asyncio.sleep(5)
        trace("sibling: not reached")
    except asyncio.CancelledError:
        trace("sibling: cancelled, cleaning up for 0.5")
        await asyncio.sleep(0.5)
        trace("sibling: cleanup done, re-raising")
        raise


async def group():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(failer())
        tg.create_task(sibling())
        trace("body: sleeping 10")
        try:
            await asyncio.sleep(10)
            trace("body: not reached")
        except asyncio.CancelledError as e:
            trace(f"body: {type(e).__name__}, re-raising")
            raise
    trace("group: not reached")


async def main():
    try:
        await group()
    except ExceptionGroup as eg:
        trace(f"main: caught {type(eg).__name__}: {eg.message} ({len(eg.exceptions)})")
        for e in eg.exceptions:
            trace(f"main:   {type(e).__name__}: {e}")
    trace(f"main: cancelling()={asyncio.current_task().cancelling()}")
    await asyncio.sleep(0.5)
    trace("main: still running, done")


run(main())
