# shield protects the inner from the awaiter's cancellation, not the other
# way round: cancelling the inner task itself cancels the shield's outer
# future, and the awaiter gets a CancelledError (without the inner's
# message: the outer is cancelled afresh) once the inner has finished.
import asyncio

from vclock import run, trace


async def job():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError as e:
        trace(f"job: cancelled '{e}'")
        raise


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
    await asyncio.sleep(1)
    trace(f"main: cancel job -> {j.cancel('direct')}")
    try:
        await w
    except asyncio.CancelledError as e:
        trace(f"main: waiter raised CancelledError '{e}'")
    trace(f"main: job cancelled={j.cancelled()}, waiter cancelled={w.cancelled()}")


run(main())
