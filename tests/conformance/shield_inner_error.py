# The awaiter of shield(inner) is cancelled; the inner task goes on and
# later fails: its error is not lost but stays on the inner task, readable
# with exception() and raised again when the task is awaited.
import asyncio

from vclock import run, trace


async def job():
    await asyncio.sleep(2)
    trace("job: raising ValueError")
    raise ValueError("job failed")


async def waiter(j):
    try:
        await asyncio.shield(j)
    except asyncio.CancelledError:
        trace("waiter: cancelled")
        raise


async def main():
    j = asyncio.create_task(job())
    w = asyncio.create_task(waiter(j))
    await asyncio.sleep(0.5)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        trace(f"main: waiter cancelled={w.cancelled()}")
    await asyncio.sleep(3)
    e = j.exception()
    trace(f"main: job done={j.done()}, exception {type(e).__name__}: {e}")
    try:
        await j
    except ValueError as e:
        trace(f"main: awaiting job raised {type(e).__name__}: {e}")


run(main())
