# Cancelling a waiter that has not been woken drops it from the Lock's
# queue: the lock stays held and later releases skip it, also when the
# cancellation and the release happen in the same iteration.  While only
# cancelled waiters are queued, acquire() on the free lock succeeds at once.
import asyncio

from vclock import run, trace


async def waiter(lock, name):
    trace(f"{name}: acquiring")
    try:
        await lock.acquire()
    except asyncio.CancelledError:
        trace(f"{name}: cancelled, locked={lock.locked()}")
        raise
    trace(f"{name}: acquired")
    await asyncio.sleep(0.5)
    lock.release()
    trace(f"{name}: released")


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    tasks = {n: asyncio.create_task(waiter(lock, n)) for n in "abcd"}
    await asyncio.sleep(1)
    trace("main: cancelling b")
    tasks["b"].cancel()
    await asyncio.sleep(1)
    trace("main: cancelling a, then releasing")
    tasks["a"].cancel()
    lock.release()
    trace(f"main: released, locked={lock.locked()}")
    await asyncio.sleep(2)
    trace(f"main: locked={lock.locked()}, acquiring")
    await lock.acquire()
    trace("main: acquired")
    e = asyncio.create_task(waiter(lock, "e"))
    await asyncio.sleep(1)
    e.cancel()
    lock.release()
    trace(f"main: cancelled e and released, locked={lock.locked()}")
    r = await lock.acquire()
    trace(f"main: acquire -> {r} at once, locked={lock.locked()}")
    tasks["e"] = e
    for n, t in tasks.items():
        try:
            await t
        except asyncio.CancelledError:
            pass
        trace(f"main: {n} cancelled={t.cancelled()}")
    lock.release()


run(main())
