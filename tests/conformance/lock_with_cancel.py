# A task cancelled inside `async with lock:` releases the lock on its way
# out, so its handler already sees locked() False and the next waiter gets
# the lock; a task cancelled while still waiting to enter never runs the
# body and releases nothing: the holder keeps the lock.
import asyncio

from vclock import run, trace


async def body(lock, name, hold):
    async with lock:
        trace(f"{name}: inside, locked={lock.locked()}")
        await asyncio.sleep(hold)
        trace(f"{name}: leaving")


async def holder(lock, name, hold):
    trace(f"{name}: acquiring")
    try:
        await body(lock, name, hold)
    except asyncio.CancelledError:
        trace(f"{name}: cancelled, locked={lock.locked()}")
        raise
    trace(f"{name}: done, locked={lock.locked()}")


async def main():
    lock = asyncio.Lock()
    tasks = {name: asyncio.create_task(holder(lock, name, hold))
             for name, hold in [("a", 10), ("b", 10), ("c", 0.5)]}
    await asyncio.sleep(1)
    trace("main: cancelling b (waiting)")
    tasks["b"].cancel()
    await asyncio.sleep(1)
    trace(f"main: cancelling a (inside), locked={lock.locked()}")
    tasks["a"].cancel()
    for name, t in tasks.items():
        try:
            await t
        except asyncio.CancelledError:
            pass
        trace(f"main: {name} cancelled={t.cancelled()}")
    trace(f"main: locked={lock.locked()}")


run(main())
