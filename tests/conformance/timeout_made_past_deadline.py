# timeout(delay) fixes its deadline when made, not when entered: made at 0
# with delay 1 and entered at 2, it expires on the next iteration (a body
# that only yields once still sees the cancellation); timeout_at made at 1
# for 3 and entered at 2 expires at 3.
import asyncio

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout(1)
    await asyncio.sleep(2)
    try:
        async with cm:
            trace(f"body: entered late, when={cm.when():.3f}")
            await asyncio.sleep(0)
            trace("body: not reached")
    except TimeoutError:
        trace("main: TimeoutError on the next iteration")
    cm2 = asyncio.timeout_at(loop.time() + 1)
    await asyncio.sleep(0.5)
    try:
        async with cm2:
            trace(f"body: entered, when={cm2.when():.3f}")
            await asyncio.sleep(10)
    except TimeoutError:
        trace(f"main: TimeoutError, expired={cm2.expired()}")


run(main())
