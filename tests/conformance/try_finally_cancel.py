# A task cancelled inside try: the except clause for ValueError does not
# run, the finally block does and may await; the CancelledError goes on
# after it, so the task ends cancelled.
import asyncio

from vclock import run, trace


async def worker():
    try:
        trace("worker: start")
        await asyncio.sleep(10)
        trace("worker: not reached")
    except ValueError:
        trace("worker: not reached either")
    finally:
        trace("worker: finally")
        await asyncio.sleep(1)
        trace("worker: cleanup done")


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(2)
    t.cancel("enough")
    try:
        await t
    except asyncio.CancelledError as e:
        trace(f"main: CancelledError({e}), cancelled()={t.cancelled()}")


run(main())
