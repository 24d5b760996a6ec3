# If the body catches the timeout's CancelledError and does not re-raise it,
# the scope exits normally: no TimeoutError, code after the scope runs, yet
# expired() is True.  The body may keep awaiting after swallowing it
# (cancelling() is 1 there); leaving the scope uncancels back to 0.
import asyncio

from vclock import run, trace


async def main():
    task = asyncio.current_task()
    async with asyncio.timeout(1) as tm:
        try:
            trace("body: sleeping 10")
            await asyncio.sleep(10)
        except asyncio.CancelledError as e:
            trace(f"body: swallowed {type(e).__name__}, expired={tm.expired()} cancelling={task.cancelling()}")
        await asyncio.sleep(0.5)
        trace("body: slept 0.5 more after swallowing")
    trace(f"after scope 1: no error, expired={tm.expired()} cancelling={task.cancelling()}")

    async with asyncio.timeout(1) as outer:
        async with asyncio.timeout(5) as inner:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                trace("inner body: swallowed the outer timeout's cancellation")
        trace(f"outer body: inner expired={inner.expired()}, outer expired={outer.expired()}")
    trace(f"after scope 2: no error, outer expired={outer.expired()} cancelling={task.cancelling()}")
    await asyncio.sleep(10)
    trace("main: nothing else fires")


run(main())
