# Cancelling the task that runs a TaskGroup, while in the body or while the
# exit waits for the tasks, cancels the group's tasks, waits for their
# cleanup, and propagates a plain CancelledError (with the cancel message),
# not an ExceptionGroup; the task's cancelling() stays 1 and it ends cancelled.
import asyncio

from vclock import run, trace


async def child(name, cleanup):
    try:
        await asyncio.sleep(10)
        trace(f"{name}: not reached")
    except asyncio.CancelledError:
        await asyncio.sleep(cleanup)
        trace(f"{name}: cancelled, cleanup done")
        raise


async def group(in_body):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(child("c1", 0.2))
        tg.create_task(child("c2", 0.4))
        if in_body:
            trace("body: sleeping 10")
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError as e:
                trace(f"body: {type(e).__name__}: {e}")
                raise
        else:
            trace("body: leaving at once")
    trace("group: not reached")


async def wrapper(in_body):
    try:
        await group(in_body)
    except asyncio.CancelledError as e:
        n = asyncio.current_task().cancelling()
        trace(f"wrapper: group raised {type(e).__name__}: {e}, cancelling()={n}")
        raise
    except BaseException as e:
        trace(f"wrapper: group raised {type(e).__name__}")


async def main():
    for in_body in (True, False):
        w = asyncio.create_task(wrapper(in_body))
        await asyncio.sleep(1)
        trace(f"main: cancel wrapper -> {w.cancel('stop')}")
        try:
            await w
        except asyncio.CancelledError as e:
            trace(f"main: wrapper raised {type(e).__name__}: {e}, cancelled()={w.cancelled()}")
        await asyncio.sleep(1)


run(main())
