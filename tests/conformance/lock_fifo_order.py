# Tasks blocked on a held Lock acquire it one at a time in the FIFO order
# of their acquire() calls, not in the order they were created.  release()
# leaves locked() False until the woken waiter runs, yet a task calling
# acquire() in that gap queues behind the waiters instead of barging in.
import asyncio

from vclock import run, trace


async def worker(lock, name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: acquiring, locked={lock.locked()}")
    async with lock:
        trace(f"{name}: acquired")
        await asyncio.sleep(0.5)
        trace(f"{name}: releasing")
    trace(f"{name}: released, locked={lock.locked()}")


async def main():
    lock = asyncio.Lock()
    trace(f"main: locked={lock.locked()}")
    r = await lock.acquire()
    trace(f"main: acquire -> {r}, locked={lock.locked()}")
    tasks = [asyncio.create_task(worker(lock, name, delay))
             for name, delay in [("a", 0.3), ("b", 0.1), ("c", 0.2)]]
    await asyncio.sleep(1)
    lock.release()
    trace(f"main: released, locked={lock.locked()}, acquiring again")
    await lock.acquire()
    trace(f"main: acquired again, locked={lock.locked()}")
    lock.release()
    for t in tasks:
        await t
    trace(f"main: locked={lock.locked()}")


run(main())
