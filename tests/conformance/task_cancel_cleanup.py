# Task.cancel(msg) is delivered as CancelledError(msg) at the await where the
# task is suspended; the task catches it, cleans up (awaiting is allowed
# during cleanup), and re-raises.  The awaiter then sees CancelledError with
# the same message, and the task ends cancelled.
import asyncio

from vclock import run, trace


async def worker():
    trace("worker: sleeping 10")
    try:
        await asyncio.sleep(10)
        trace("worker: not reached")
    except asyncio.CancelledError as e:
        trace(f"worker: caught {type(e).__name__}: {e}")
        await asyncio.sleep(0.5)
        trace("worker: cleanup done, re-raising")
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    trace(f"main: cancel -> {task.cancel('shutdown')}, cancelling={task.cancelling()}")
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"main: awaiting worker raised {type(e).__name__}: {e}")
    trace(f"main: cancelled={task.cancelled()}, cancel now -> {task.cancel()}")


run(main())
