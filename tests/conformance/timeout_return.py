# A return from inside a timeout scope returns its value and still runs the
# scope's exit: the timer is cancelled (sleeping past the old deadline is
# not interrupted) and a return after catching the timeout's cancellation
# passes through as a value, with cancelling() back to 0 and no TimeoutError.
import asyncio

from vclock import run, trace


async def fetch(tms):
    async with asyncio.timeout(1) as tm:
        tms.append(tm)
        await asyncio.sleep(0.5)
        trace("fetch: returning 42 from inside the scope")
        return 42
    trace("fetch: not reached")


async def fetch_or_fallback(tms):
    async with asyncio.timeout(5) as outer:
        tms.append(outer)
        async with asyncio.timeout(1) as tm:
            tms.append(tm)
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                trace("fallback: timed out, returning 'cached' from two scopes deep")
                return "cached"
    trace("fallback: not reached")


async def quick(tms):
    async with asyncio.timeout(0) as tm:
        tms.append(tm)
        trace("quick: returning 'now' before the queued timeout runs")
        return "now"


async def main():
    task = asyncio.current_task()
    tms = []
    value = await fetch(tms)
    trace(f"main: got {value}, expired={tms[0].expired()}")
    await asyncio.sleep(2)
    trace(f"main: slept past the deadline, cancelling={task.cancelling()}")

    tms = []
    value = await fetch_or_fallback(tms)
    trace(f"main: got {value}, outer expired={tms[0].expired()} inner expired={tms[1].expired()}"
          f" cancelling={task.cancelling()}")
    await asyncio.sleep(10)
    trace("main: slept past the outer deadline")

    tms = []
    value = await quick(tms)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    trace(f"main: got {value}, expired={tms[0].expired()} cancelling={task.cancelling()}")


run(main())
