# When wait_for's timeout cancels the inner task and the task swallows the
# cancellation and returns a value, wait_for returns that value: no
# TimeoutError.  The caller's cancel count is restored (no late
# cancellation); the inner task stays with cancelling() == 1.
import asyncio

from vclock import run, trace


async def stubborn():
    try:
        await asyncio.sleep(5)
        return "full"
    except asyncio.CancelledError:
        trace("stubborn: cancelled, swallowing it; finishing in 0.25")
        await asyncio.sleep(0.25)
        trace("stubborn: returning 'partial'")
        return "partial"


async def main():
    t = asyncio.create_task(stubborn())
    trace("main: wait_for(stubborn, 1)")
    try:
        r = await asyncio.wait_for(t, 1)
        trace(f"main: wait_for returned {r}")
    except TimeoutError:
        trace("main: TimeoutError (not expected)")
    trace(f"main: task cancelled={t.cancelled()}, cancelling={t.cancelling()}")
    await asyncio.sleep(1)
    trace(f"main: still running, cancelling={asyncio.current_task().cancelling()}")


run(main())
