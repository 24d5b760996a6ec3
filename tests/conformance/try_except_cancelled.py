# A coroutine that catches its own cancellation, cleans up with awaits and
# returns a value: the task finishes normally, not cancelled, and
# cancelling() still counts the request.
import asyncio

from vclock import run, trace


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"worker: caught CancelledError({e})")
        await asyncio.sleep(0.5)
        trace(f"worker: cancelling()={asyncio.current_task().cancelling()}")
        return "partial"
    return "full"


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel("stop")
    r = await t
    trace(f"main: result {r}, cancelled()={t.cancelled()}")


run(main())
