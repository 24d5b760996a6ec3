# A sleep with a result that is cancelled raises CancelledError, not the
# result; a timeout around it turns that into TimeoutError, and a sleep that
# ends first returns its result through the timeout.
import asyncio

from vclock import run, trace


async def sleeper():
    try:
        r = await asyncio.sleep(5, "never")
        trace(f"sleeper: got {r}")
    except asyncio.CancelledError:
        trace("sleeper: cancelled")
        raise


async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        trace(f"main: task cancelled={t.cancelled()}")
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(2, "late")
    except TimeoutError:
        trace("main: sleep(2, 'late') timed out")
    async with asyncio.timeout(2):
        r = await asyncio.sleep(1, "in time")
    trace(f"main: sleep(1, 'in time') -> {r}")


run(main())
