# Timeout.reschedule works only on an active scope: before entering, after
# the deadline passed (expiring, then expired) and after leaving it raises
# RuntimeError (wasyncio: WA_EINVALIDSTATE) naming the state.  Entering a
# Timeout a second time, while active or after it finished, raises
# RuntimeError and leaves the first use undisturbed.
import asyncio

from vclock import run, trace


def try_reschedule(label, tm, when):
    try:
        tm.reschedule(when)
        trace(f"{label}: reschedule ok, when={tm.when():.3f}")
    except RuntimeError as e:
        trace(f"{label}: reschedule raised {type(e).__name__}: {e}")


async def enter_again(label, tm):
    try:
        async with tm:
            trace(f"{label}: not reached")
    except RuntimeError as e:
        trace(f"{label}: entering again raised {type(e).__name__}: {e}")


async def main():
    loop = asyncio.get_running_loop()
    tm1 = asyncio.timeout(1)
    try_reschedule("not entered", tm1, 5)

    async with asyncio.timeout(1) as tm2:
        await enter_again("active", tm2)
        try_reschedule("active", tm2, loop.time() + 2)
        await asyncio.sleep(1.5)
        trace(f"active: still inside, expired={tm2.expired()}")
    try_reschedule("finished", tm2, loop.time() + 2)
    await enter_again("finished", tm2)

    try:
        async with asyncio.timeout(0.5) as tm3:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                try_reschedule("expiring", tm3, loop.time() + 5)
                raise
    except TimeoutError as e:
        trace(f"main: {type(e).__name__} as expected")
    try_reschedule("expired", tm3, loop.time() + 5)
    await asyncio.sleep(10)
    trace(f"main: done, cancelling={asyncio.current_task().cancelling()}")


run(main())
