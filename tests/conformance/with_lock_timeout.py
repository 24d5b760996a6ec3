# Nesting `async with lock` and `async with asyncio.timeout()`: a timeout
# inside the lock expires, turns into TimeoutError at its own exit and the
# lock is released on the way out (a waiter gets it); a timeout around the
# lock expires while the acquire is still waiting, so the lock is never
# taken and the holder keeps it.
import asyncio

from vclock import run, trace


async def waiter(lock):
    await asyncio.sleep(0.1)
    trace(f"waiter: acquiring, locked={lock.locked()}")
    async with lock:
        trace("waiter: acquired, holding 2")
        await asyncio.sleep(2)
        trace("waiter: releasing")


async def timeout_inside(lock):
    async with lock:
        trace("main: lock acquired, timeout 1 inside")
        async with asyncio.timeout(1):
            await asyncio.sleep(10)
        trace("main: not reached")


async def timeout_around(lock):
    async with asyncio.timeout(0.5):
        trace(f"main: timeout 0.5 around an acquire, locked={lock.locked()}")
        async with lock:
            trace("main: not reached")


async def main():
    lock = asyncio.Lock()
    w = asyncio.create_task(waiter(lock))
    try:
        await timeout_inside(lock)
    except TimeoutError as e:
        trace(f"main: caught {type(e).__name__} (cause {type(e.__cause__).__name__}), locked={lock.locked()}")
    await asyncio.sleep(0)
    trace(f"main: after one iteration, locked={lock.locked()}")
    try:
        await timeout_around(lock)
    except TimeoutError as e:
        trace(f"main: caught {type(e).__name__} (cause {type(e.__cause__).__name__}), locked={lock.locked()}")
    await w
    trace(f"main: waiter done, locked={lock.locked()}")


run(main())
