# Timeout.reschedule moves an active deadline: later extends the scope past
# the original deadline, earlier makes it fire sooner.  A new deadline that
# is already past does not cancel at once: the timeout fires on the next
# loop iteration (after callbacks queued before it), then TimeoutError.
import asyncio

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1) as tm:
            await asyncio.sleep(0.5)
            tm.reschedule(tm.when() + 2)
            trace(f"extended: when={tm.when():.3f}")
            await asyncio.sleep(2)
            trace("still inside, past the first deadline")
            tm.reschedule(loop.time() + 0.25)
            trace(f"shortened: when={tm.when():.3f}")
            await asyncio.sleep(10)
            trace("not reached")
    except TimeoutError as e:
        trace(f"scope 1 raised {type(e).__name__}, when={tm.when():.3f}")

    try:
        async with asyncio.timeout(5) as tm:
            await asyncio.sleep(1)
            loop.call_soon(trace, "callback queued before the reschedule")
            tm.reschedule(loop.time() - 1)
            loop.call_soon(trace, "callback queued after the reschedule")
            trace(f"rescheduled into the past: when={tm.when():.3f}, expired={tm.expired()}")
            await asyncio.sleep(10)
            trace("not reached")
    except TimeoutError as e:
        trace(f"scope 2 raised {type(e).__name__}, expired={tm.expired()}")


run(main())
