# shield(coroutine): the coroutine becomes a task (Task-3) that the shield
# keeps; cancelling the awaiter leaves it running to its end.
import asyncio

from vclock import run, trace


async def inner():
    trace(f"inner: runs in {asyncio.current_task().get_name()}")
    await asyncio.sleep(2)
    trace("inner: done")
    return 42


async def waiter():
    try:
        return await asyncio.shield(inner())
    except asyncio.CancelledError:
        trace("waiter: cancelled")
        raise


async def main():
    w = asyncio.create_task(waiter())
    await asyncio.sleep(1)
    trace("main: cancelling the waiter")
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        pass
    trace(f"main: waiter cancelled={w.cancelled()}")
    await asyncio.sleep(2)
    trace("main: end")


run(main())
