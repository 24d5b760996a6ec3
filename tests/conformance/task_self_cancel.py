# A task that cancels itself keeps running until its next suspension: if it
# then awaits a future, that future is cancelled at once and the task gets
# CancelledError in the next iteration without the clock moving; if it
# returns instead, it still ends cancelled and its return value is lost.
import asyncio

from vclock import run, trace


async def sleepy():
    me = asyncio.current_task()
    trace(f"sleepy: cancel myself -> {me.cancel('self')}")
    trace("sleepy: still running, now awaiting sleep(10)")
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"sleepy: CancelledError at the sleep: {e}")
        raise


async def quitter():
    asyncio.current_task().cancel()
    trace("quitter: cancelled myself, returning 42")
    return 42


async def main():
    for coro in (sleepy(), quitter()):
        task = asyncio.create_task(coro)
        try:
            trace(f"main: got {await task}")
        except asyncio.CancelledError as e:
            trace(f"main: CancelledError '{e}', cancelled={task.cancelled()}")


run(main())
