# An error raised by the body of a TaskGroup (not by a task) also aborts the
# group: its tasks are cancelled and waited for, and the error goes into the
# ExceptionGroup after the tasks' errors (here a task whose cleanup fails),
# since the body's error is added last, when the group exits.
import asyncio

from vclock import run, trace


async def worker():
    try:
        await asyncio.sleep(5)
        trace("worker: not reached")
    except asyncio.CancelledError:
        trace("worker: cancelled, cleanup for 0.5")
        await asyncio.sleep(0.5)
        trace("worker: cleanup raising RuntimeError")
        raise RuntimeError("worker cleanup failed")


async def quiet():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        await asyncio.sleep(0.25)
        trace("quiet: cancelled, cleanup done")
        raise


async def group():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker())
        tg.create_task(quiet())
        await asyncio.sleep(1)
        trace("body: raising ValueError")
        raise ValueError("body failed")


async def main():
    try:
        await group()
    except ExceptionGroup as eg:
        trace(f"main: caught {type(eg).__name__}: {eg.message} ({len(eg.exceptions)})")
        for e in eg.exceptions:
            trace(f"main:   {type(e).__name__}: {e}")
    trace(f"main: cancelling()={asyncio.current_task().cancelling()}")


run(main())
