# A timeout made before it is entered: timeout(None) has no deadline and
# refuses reschedule until entered; inside, reschedule(loop.time() + 1) arms
# it and the body's long sleep ends in TimeoutError at that time.
import asyncio

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout(None)
    trace(f"main: made, when={cm.when()} expired={cm.expired()}")
    try:
        cm.reschedule(loop.time() + 1)
    except RuntimeError as e:
        trace(f"main: reschedule before entering: RuntimeError: {e}")
    await asyncio.sleep(1)
    try:
        async with cm:
            trace(f"body: entered, when={cm.when()}")
            cm.reschedule(loop.time() + 1)
            trace(f"body: rescheduled, when={cm.when():.3f}")
            await asyncio.sleep(5)
    except TimeoutError:
        trace(f"main: TimeoutError, expired={cm.expired()} when={cm.when():.3f}")
    try:
        cm.reschedule(None)
    except RuntimeError as e:
        trace(f"main: reschedule after: RuntimeError: {e}")


run(main())
