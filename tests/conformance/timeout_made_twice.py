# A made timeout can be entered once: a second `async with` of the same
# object, after it finished in time, raises RuntimeError and leaves it as
# it was (finished, not expired, same deadline).
import asyncio

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout(5)
    async with cm:
        await asyncio.sleep(1)
        trace(f"body: in time, when={cm.when():.3f}")
    trace(f"main: left, expired={cm.expired()}")
    try:
        async with cm:
            trace("body: not reached")
    except RuntimeError as e:
        trace(f"main: entering again: RuntimeError: {e}")
    try:
        cm.reschedule(loop.time() + 1)
    except RuntimeError as e:
        trace(f"main: reschedule: RuntimeError: {e}")
    trace(f"main: when={cm.when():.3f} expired={cm.expired()}")
    await asyncio.sleep(10)
    trace("main: no late cancellation")


run(main())
