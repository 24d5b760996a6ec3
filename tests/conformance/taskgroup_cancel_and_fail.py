# When the parent task is cancelled from outside and a group task fails, in
# either order (a task's cleanup fails after the outside cancel; or a task
# fails, then the outside cancel lands while the exit waits), the
# ExceptionGroup wins over the CancelledError.  The group re-requests the
# outside cancellation (cancelling() stays 1): the next await is cancelled.
import asyncio

from vclock import run, trace


async def child():
    try:
        await asyncio.sleep(10)
        trace("child: not reached")
    except asyncio.CancelledError:
        trace("child: cancelled, cleanup for 0.5")
        await asyncio.sleep(0.5)
        trace("child: cleanup raising ValueError")
        raise ValueError("cleanup failed")


async def failer():
    await asyncio.sleep(0.5)
    trace("failer: raising ValueError")
    raise ValueError("early")


async def slowpoke():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("slowpoke: cancelled, cleanup for 1.0")
        await asyncio.sleep(1.0)
        trace("slowpoke: cleanup done")
        raise


async def group(fail_first):
    async with asyncio.TaskGroup() as tg:
        if fail_first:
            tg.create_task(failer())
            tg.create_task(slowpoke())
        else:
            tg.create_task(child())
        trace("body: sleeping 10")
        try:
            await asyncio.sleep(10)
            trace("body: not reached")
        except asyncio.CancelledError:
            trace("body: cancelled")
            raise


async def wrapper(fail_first):
    try:
        await group(fail_first)
    except ExceptionGroup as eg:
        trace(f"wrapper: caught {type(eg).__name__}: {eg.message} ({len(eg.exceptions)})")
        for e in eg.exceptions:
            trace(f"wrapper:   {type(e).__name__}: {e}")
    trace(f"wrapper: cancelling()={asyncio.current_task().cancelling()}, sleeping 1")
    try:
        await asyncio.sleep(1)
        trace("wrapper: not reached")
    except asyncio.CancelledError as e:
        trace(f"wrapper: sleep raised {type(e).__name__}")
        raise


async def main():
    for fail_first in (False, True):
        w = asyncio.create_task(wrapper(fail_first))
        await asyncio.sleep(1)
        trace(f"main: cancel wrapper -> {w.cancel()}")
        try:
            await w
        except asyncio.CancelledError as e:
            trace(f"main: wrapper raised {type(e).__name__}, cancelled()={w.cancelled()}")
        await asyncio.sleep(1)


run(main())
