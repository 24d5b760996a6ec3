# Two cancel() calls on a task that awaits no future (not started yet, or
# ready after sleep(0)) deliver one CancelledError, carrying the latest
# message; cancelling() is 2.  The unstarted task ends cancelled without
# running; the ready one catches it, and its later sleep is not cancelled.
import asyncio

from vclock import run, trace


async def body(name):
    me = asyncio.current_task()
    trace(f"{name}: body runs")
    try:
        await asyncio.sleep(0)
        trace(f"{name}: not reached")
    except asyncio.CancelledError as e:
        trace(f"{name}: caught CancelledError: {e}, cancelling={me.cancelling()}")
    await asyncio.sleep(0.5)
    trace(f"{name}: sleep(0.5) completed")
    return "survived"


async def main():
    early = asyncio.create_task(body("early"))
    trace(f"main: early.cancel('a') -> {early.cancel('a')}, cancel('b') -> {early.cancel('b')}")
    ready = asyncio.create_task(body("ready"))
    await asyncio.sleep(0)
    trace(f"main: ready.cancel('first') -> {ready.cancel('first')}, "
          f"cancel('second') -> {ready.cancel('second')}")
    try:
        await early
    except asyncio.CancelledError as e:
        trace(f"main: early raised CancelledError: {e}, cancelling={early.cancelling()}")
    result = await ready
    trace(f"main: ready returned {result}, cancelled={ready.cancelled()}, cancelling={ready.cancelling()}")


run(main())
