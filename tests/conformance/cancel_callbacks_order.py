# When a cancelled task finishes, its done callbacks and the wakeups of the
# tasks awaiting it are one list, run in registration order in the next
# iteration: a callback added before the awaiter started waiting runs before
# it, one added after runs after it.  All see the task done and cancelled.
import asyncio

from vclock import run, trace


def show(name):
    def cb(task):
        trace(f"{name}: done={task.done()} cancelled={task.cancelled()}")
    return cb


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("worker: cancelled, re-raising")
        raise


async def awaiter(task):
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"awaiter: woke with CancelledError: {e}")
    return "awaiter done"


async def main():
    task = asyncio.create_task(worker())
    task.add_done_callback(show("cb1"))
    watcher = asyncio.create_task(awaiter(task))
    await asyncio.sleep(1)
    task.add_done_callback(show("cb2"))
    trace(f"main: cancel('bye') -> {task.cancel('bye')}")
    trace(f"main: got {await watcher}")


run(main())
