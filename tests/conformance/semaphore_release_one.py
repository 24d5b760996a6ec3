# Each Semaphore.release() wakes exactly one waiter, the longest waiting:
# three tasks queued on a Semaphore(0) get in one per release, in order,
# and the others stay queued (value stays 0, locked() stays True).
import asyncio

from vclock import run, trace


async def waiter(sem, name):
    trace(f"{name}: acquiring")
    await sem.acquire()
    trace(f"{name}: acquired, value={sem._value}")


async def main():
    sem = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(waiter(sem, f"W{i}")) for i in range(3)]
    for _ in range(3):
        await asyncio.sleep(1)
        sem.release()
        trace(f"main: released once, value={sem._value}, locked={sem.locked()}")
        await asyncio.sleep(0.5)
        done = sum(t.done() for t in tasks)
        trace(f"main: {done} waiter(s) done, value={sem._value}, locked={sem.locked()}")
    for t in tasks:
        await t


run(main())
