# When the deadline passes, asyncio.timeout cancels the task: the body sees
# CancelledError (cancelling() is 1 there), and leaving the scope turns it
# into TimeoutError caused by that CancelledError.  expired() is True, when()
# is unchanged, and cancelling() is back to 0 after the conversion.  A task
# whose scope times out uncaught ends failed with TimeoutError, not cancelled.
import asyncio

from vclock import run, trace


async def expire_uncaught():
    async with asyncio.timeout(0.5):
        trace("worker: sleeping 5 in timeout(0.5)")
        await asyncio.sleep(5)


async def main():
    task = asyncio.current_task()
    tm = None
    try:
        async with asyncio.timeout(1.5) as tm:
            trace(f"body: sleeping 10, when={tm.when():.3f}")
            try:
                await asyncio.sleep(10)
                trace("body: not reached")
            except asyncio.CancelledError as e:
                trace(f"body: caught {type(e).__name__}, cancelling={task.cancelling()} expired={tm.expired()}")
                raise
        trace("after scope: not reached")
    except TimeoutError as e:
        trace(f"main: caught {type(e).__name__}: '{e}'")
        trace(f"main: cause is {type(e.__cause__).__name__}")
    trace(f"main: expired={tm.expired()} when={tm.when():.3f} cancelling={task.cancelling()}")
    await asyncio.sleep(1)
    trace("main: sleeps normally afterwards")
    worker = asyncio.create_task(expire_uncaught())
    try:
        await worker
    except TimeoutError as e:
        trace(f"main: awaiting worker raised {type(e).__name__}")
    trace(f"main: worker cancelled={worker.cancelled()} cancelling={worker.cancelling()}"
          f" exception={type(worker.exception()).__name__}")


run(main())
