# `async with lock:` releases the lock on every way out of its body: when
# the body raises, the error reaches the caller with locked() already
# False and the next waiter then acquires the lock; when the body returns,
# the value comes back and the lock is free again.
import asyncio

from vclock import run, trace


async def failing(lock):
    trace("failing: acquiring")
    async with lock:
        trace("failing: inside, sleeping 0.5")
        await asyncio.sleep(0.5)
        trace("failing: raising ValueError")
        raise ValueError("boom")
    trace("failing: not reached")


async def returning(lock):
    async with lock:
        trace(f"returning: inside, locked={lock.locked()}")
        return 42


async def waiter(lock):
    await asyncio.sleep(0.1)
    trace(f"waiter: acquiring, locked={lock.locked()}")
    async with lock:
        trace("waiter: inside")
        await asyncio.sleep(0.2)
    trace(f"waiter: done, locked={lock.locked()}")


async def main():
    lock = asyncio.Lock()
    w = asyncio.create_task(waiter(lock))
    try:
        await failing(lock)
    except ValueError as e:
        trace(f"main caught {type(e).__name__}: {e}, locked={lock.locked()}")
    await w
    r = await returning(lock)
    trace(f"main: returning -> {r}, locked={lock.locked()}")


run(main())
