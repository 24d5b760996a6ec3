# A Semaphore(0) starts locked: the first acquire waits until another task
# releases it, and then takes the unit at once (value back to 0).  The
# release wakes it on the next loop iteration, at the same virtual time.
import asyncio

from vclock import run, trace


async def consumer(sem):
    trace(f"consumer: acquiring, value={sem._value}, locked={sem.locked()}")
    await sem.acquire()
    trace(f"consumer: acquired, value={sem._value}, locked={sem.locked()}")


async def producer(sem):
    await asyncio.sleep(2)
    trace("producer: releasing")
    sem.release()
    trace(f"producer: released, value={sem._value}, locked={sem.locked()}")


async def main():
    sem = asyncio.Semaphore(0)
    trace(f"main: new, value={sem._value}, locked={sem.locked()}")
    c = asyncio.create_task(consumer(sem))
    p = asyncio.create_task(producer(sem))
    await c
    await p
    trace(f"main: done, value={sem._value}, locked={sem.locked()}")


run(main())
