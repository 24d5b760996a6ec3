# Python 3.13: uncancel() that brings cancelling() back to 0 withdraws a
# cancellation that was requested but not yet delivered (the task was ready,
# not awaiting a future), so the task runs on normally.  (3.11 still
# delivers it.)  A second cancel is then delivered as usual.
import asyncio

from vclock import run, trace


async def worker():
    trace("worker: step 1")
    await asyncio.sleep(0)
    trace("worker: step 2, not cancelled")
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        trace(f"worker: cancelled during sleep(1): {e}")
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(0)
    trace(f"main: cancel -> {task.cancel('withdrawn')}, cancelling={task.cancelling()}")
    trace(f"main: uncancel -> {task.uncancel()}")
    await asyncio.sleep(0.5)
    trace(f"main: cancel -> {task.cancel('for real')}, cancelling={task.cancelling()}")
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"main: worker raised CancelledError: {e}")


run(main())
