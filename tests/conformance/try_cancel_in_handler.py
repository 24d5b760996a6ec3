# A cancellation that arrives while a handler awaits: the rest of the
# handler is skipped, the finally block runs, and the task ends cancelled;
# the waiter sees it through its own except clause.
import asyncio

from vclock import run, trace


async def worker():
    try:
        await asyncio.sleep(0.5)
        raise ValueError("bad")
    except ValueError:
        trace("worker: handling, slow cleanup")
        await asyncio.sleep(10)
        trace("worker: not reached")
    finally:
        trace("worker: finally")


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        trace(f"main: worker cancelled()={t.cancelled()}")
    else:
        trace("main: not reached")


run(main())
