# Cancelling a future with a message wakes the task awaiting it with a
# CancelledError carrying that message; the task catches it and returns
# normally, so the task itself ends with a result, not cancelled.  A second
# cancel of a done future returns False.
import asyncio

from vclock import run, trace


async def waiter(fut):
    trace("waiter: awaiting the future")
    try:
        await fut
    except asyncio.CancelledError as e:
        trace(f"waiter: caught {type(e).__name__}: {e}")
        return "handled"
    return "not reached"


async def main():
    fut = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0.5)
    trace(f"main: fut.cancel('too slow') -> {fut.cancel('too slow')}")
    trace(f"main: fut.cancel() again -> {fut.cancel()}")
    result = await task
    trace(f"main: waiter returned {result}, task cancelled={task.cancelled()}")
    trace(f"main: fut cancelled={fut.cancelled()}")


run(main())
