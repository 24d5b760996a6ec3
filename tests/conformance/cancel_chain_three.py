# Cancelling the outer task of a chain top -> mid -> low (each awaiting the
# next task) travels down to the future low is suspended on: each task's
# cancel() cancels its waiter, so all three count one request.  The wakeups
# then run bottom-up, and the message reaches every level and the awaiter.
import asyncio

from vclock import run, trace


async def low():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"low: caught CancelledError: {e}")
        raise


async def relay(name, child):
    try:
        await child
    except asyncio.CancelledError as e:
        trace(f"{name}: caught CancelledError: {e}, child cancelled={child.cancelled()}")
        raise


async def main():
    lo = asyncio.create_task(low())
    mid = asyncio.create_task(relay("mid", lo))
    top = asyncio.create_task(relay("top", mid))
    await asyncio.sleep(1)
    trace(f"main: top.cancel('chain') -> {top.cancel('chain')}")
    trace(f"main: cancelling top={top.cancelling()} mid={mid.cancelling()} low={lo.cancelling()}")
    trace(f"main: cancelled top={top.cancelled()} mid={mid.cancelled()} low={lo.cancelled()}")
    try:
        await top
    except asyncio.CancelledError as e:
        trace(f"main: top raised CancelledError: {e}")
    trace(f"main: cancelled top={top.cancelled()} mid={mid.cancelled()} low={lo.cancelled()}")


run(main())
