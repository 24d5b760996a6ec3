# Two tasks of a TaskGroup that fail in the same loop iteration both end up
# in the ExceptionGroup, in the order they finished; an error raised by a
# third task while it handles the group's cancellation is collected too,
# after them.  Only the first failure cancels the parent task.
import asyncio

from vclock import run, trace


async def waiter(name, gate, exc):
    trace(f"{name}: waiting on gate")
    await gate
    trace(f"{name}: raising {type(exc).__name__}")
    raise exc


async def slow():
    try:
        await asyncio.sleep(5)
        trace("slow: not reached")
    except asyncio.CancelledError:
        trace("slow: cancelled, cleanup for 0.5")
        await asyncio.sleep(0.5)
        trace("slow: cleanup raising RuntimeError")
        raise RuntimeError("cleanup failed")


async def group(gate):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(waiter("a", gate, ValueError("a failed")))
        tg.create_task(waiter("b", gate, TypeError("b failed")))
        tg.create_task(slow())
        await asyncio.sleep(1)
        trace("body: opening gate")
        gate.set_result(None)
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            trace("body: cancelled")
            raise


async def main():
    try:
        await group(asyncio.get_running_loop().create_future())
    except ExceptionGroup as eg:
        trace(f"main: caught {type(eg).__name__}: {eg.message} ({len(eg.exceptions)})")
        for e in eg.exceptions:
            trace(f"main:   {type(e).__name__}: {e}")
    trace(f"main: cancelling()={asyncio.current_task().cancelling()}")


run(main())
