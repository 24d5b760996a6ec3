# A task cancelled before its first step never runs its body: the first step
# throws CancelledError into the unstarted coroutine, which ends at once.  A
# task cancelled while it is ready (it yielded with sleep(0), so it awaits no
# future) gets CancelledError at that sleep(0) in its next step.
import asyncio

from vclock import run, trace


async def body(name):
    trace(f"{name}: body runs")
    try:
        await asyncio.sleep(0)
        trace(f"{name}: not reached")
    except asyncio.CancelledError as e:
        trace(f"{name}: cancelled at sleep(0): {e}")
        raise


async def main():
    early = asyncio.create_task(body("early"))
    trace(f"main: cancel early before it starts -> {early.cancel('too early')}")
    ready = asyncio.create_task(body("ready"))
    await asyncio.sleep(0)
    trace(f"main: cancel ready while it is ready -> {ready.cancel('ready now')}")
    for name, t in (("early", early), ("ready", ready)):
        try:
            await t
        except asyncio.CancelledError as e:
            trace(f"main: {name} raised CancelledError: {e}, cancelled={t.cancelled()}")


run(main())
