# A task may catch its CancelledError, await during cleanup (the sleep is not
# cancelled again: the request was delivered once), swallow it and return a
# value.  The task then ends normally with that result, not cancelled, while
# cancelling() still counts the request; cancel() on it now returns False.
import asyncio

from vclock import run, trace


async def worker():
    try:
        await asyncio.sleep(10)
        trace("worker: not reached")
    except asyncio.CancelledError as e:
        trace(f"worker: caught CancelledError: {e}, cleaning up")
        await asyncio.sleep(0.5)
        trace("worker: cleanup done, returning 'partial'")
    return "partial"


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    trace(f"main: cancel('stop') -> {task.cancel('stop')}, cancelling={task.cancelling()}")
    result = await task
    trace(f"main: got {result}, done={task.done()}, cancelled={task.cancelled()}")
    trace(f"main: cancelling={task.cancelling()}, result()={task.result()}")
    trace(f"main: cancel() now -> {task.cancel()}, cancelling={task.cancelling()}")


run(main())
