# An error raised by the task awaited in wait_for propagates to the caller
# as is (not as TimeoutError), when it happens, and the timeout is disarmed;
# wait_for(t, 0) on a task that already failed raises its error at once.
import asyncio

from vclock import run, trace


async def failing():
    await asyncio.sleep(0.5)
    trace("failing: raising ValueError")
    raise ValueError("bad value")


async def main():
    t = asyncio.create_task(failing())
    try:
        await asyncio.wait_for(t, 2)
        trace("main: not reached")
    except ValueError as e:
        caught = e
        trace(f"main: caught {type(e).__name__}: {e}")
    trace(f"main: task cancelled={t.cancelled()}, exception is the same: {t.exception() is caught}")
    await asyncio.sleep(3)
    trace(f"main: no late cancellation, cancelling={asyncio.current_task().cancelling()}")
    try:
        await asyncio.wait_for(t, 0)
    except ValueError as e:
        trace(f"main: timeout 0 on the failed task: {type(e).__name__}: {e}")


run(main())
