# Cancelling a task that is inside wait_for cancels the awaited inner task
# (same message) and waits for its cleanup; the caller then sees
# CancelledError, not TimeoutError, and the unexpired timeout never fires.
import asyncio

from vclock import run, trace


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"inner: cancelled '{e}', cleaning up for 0.5")
        await asyncio.sleep(0.5)
        trace("inner: cleanup done, re-raising")
        raise


async def caller(t):
    try:
        await asyncio.wait_for(t, 5)
        trace("caller: not reached")
    except TimeoutError:
        trace("caller: TimeoutError (not expected)")
    except asyncio.CancelledError as e:
        trace(f"caller: CancelledError '{e}'")
        raise


async def main():
    t = asyncio.create_task(inner())
    c = asyncio.create_task(caller(t))
    await asyncio.sleep(1)
    trace(f"main: cancel caller -> {c.cancel('stop')}")
    try:
        await c
    except asyncio.CancelledError as e:
        trace(f"main: caller raised CancelledError '{e}'")
    trace(f"main: caller cancelled={c.cancelled()}, inner cancelled={t.cancelled()}")
    await asyncio.sleep(10)
    trace("main: done")


run(main())
