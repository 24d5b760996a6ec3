# Cancelling a task that awaits shield(inner) cancels only the shield's outer
# future: the awaiter gets CancelledError (with the cancel message) at once,
# while the inner task keeps running, finishes later, and its result is
# still there to read.
import asyncio

from vclock import run, trace


async def job():
    trace("job: working for 2")
    await asyncio.sleep(2)
    trace("job: finished, returning 42")
    return 42


async def waiter(j):
    try:
        await asyncio.shield(j)
        trace("waiter: not reached")
    except asyncio.CancelledError as e:
        trace(f"waiter: CancelledError '{e}'")
        raise


async def main():
    j = asyncio.create_task(job())
    w = asyncio.create_task(waiter(j))
    await asyncio.sleep(0.5)
    trace(f"main: cancel waiter -> {w.cancel('enough')}")
    try:
        await w
    except asyncio.CancelledError:
        trace(f"main: waiter cancelled={w.cancelled()}, job done={j.done()}")
    r = await j
    trace(f"main: job result {r}, cancelled={j.cancelled()}, cancelling={j.cancelling()}")


run(main())
