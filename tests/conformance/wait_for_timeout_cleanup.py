# On timeout, wait_for cancels the inner task and waits until it has really
# finished (its except handler may await for its cleanup) before raising
# TimeoutError in the caller; the TimeoutError's cause is the CancelledError
# and the caller's own cancel count is back to 0.
import asyncio

from vclock import run, trace


async def worker():
    trace("worker: sleeping 5")
    try:
        await asyncio.sleep(5)
        trace("worker: not reached")
    except asyncio.CancelledError:
        trace("worker: cancelled, cleaning up for 0.5")
        await asyncio.sleep(0.5)
        trace("worker: cleanup done, re-raising")
        raise


async def main():
    t = asyncio.create_task(worker())
    trace("main: wait_for(worker, 1)")
    try:
        await asyncio.wait_for(t, 1)
        trace("main: not reached")
    except TimeoutError as e:
        trace(f"main: caught {type(e).__name__} '{e}', cause {type(e.__cause__).__name__}")
    trace(f"main: worker done={t.done()}, cancelled={t.cancelled()}")
    trace(f"main: cancelling={asyncio.current_task().cancelling()}")


run(main())
