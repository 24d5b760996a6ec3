# Cancelling a task suspended on a plain future cancels that future at once
# (with the message): fut.cancelled() is True before the task even runs.
# The future's done callbacks, the task's wakeup among them, run in the
# order they were added; the future keeps raising CancelledError(msg).
import asyncio

from vclock import run, trace


def watcher(name):
    def cb(fut):
        trace(f"{name}: fut done={fut.done()} cancelled={fut.cancelled()}")
    return cb


async def waiter(fut):
    try:
        await fut
        trace("waiter: not reached")
    except asyncio.CancelledError as e:
        trace(f"waiter: caught CancelledError: {e}")
        raise


async def main():
    fut = asyncio.get_running_loop().create_future()
    fut.add_done_callback(watcher("cb-before"))
    task = asyncio.create_task(waiter(fut))
    await asyncio.sleep(1)
    fut.add_done_callback(watcher("cb-after"))
    trace(f"main: fut.cancelled()={fut.cancelled()}")
    trace(f"main: task.cancel('via task') -> {task.cancel('via task')}")
    trace(f"main: fut.cancelled()={fut.cancelled()}, task.cancelled()={task.cancelled()}")
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"main: task raised CancelledError: {e}, cancelled={task.cancelled()}")
    try:
        fut.result()
    except asyncio.CancelledError as e:
        trace(f"main: fut.result() raises CancelledError: {e}")
    trace(f"main: fut.cancel() again -> {fut.cancel()}")


run(main())
