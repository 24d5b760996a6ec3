# A task cancelled while blocked in Condition.wait() re-acquires the lock
# before the CancelledError reaches it: while another task holds the lock
# the cancelled waiter stays blocked (a second cancel meanwhile only
# replaces the error raised), its except block then runs with locked()
# True, and leaving `async with cond:` releases the lock again.
import asyncio

from vclock import run, trace


async def waiter(cond):
    async with cond:
        trace("waiter: waiting")
        try:
            await cond.wait()
        except asyncio.CancelledError as e:
            trace(f"waiter: wait raised {type(e).__name__}: {e}, locked={cond.locked()}")
            await asyncio.sleep(0.25)
            trace("waiter: cleanup done, re-raising")
            raise
    trace("waiter: not reached")


async def main():
    cond = asyncio.Condition()
    t = asyncio.create_task(waiter(cond))
    await asyncio.sleep(0.5)
    async with cond:
        trace("main: holding the lock, cancelling waiter")
        t.cancel("stop")
        await asyncio.sleep(0.5)
        trace(f"main: cancelling again, cancelling={t.cancelling()}")
        t.cancel("again")
        await asyncio.sleep(0.5)
        trace(f"main: waiter done={t.done()}, releasing")
    trace(f"main: released, locked={cond.locked()}")
    await asyncio.sleep(0.1)
    trace(f"main: waiter cleaning up, locked={cond.locked()}")
    try:
        await t
    except asyncio.CancelledError:
        trace(f"main: waiter cancelled={t.cancelled()}, locked={cond.locked()}")


run(main())
