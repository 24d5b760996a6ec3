# Semaphore.locked() is True when an acquire would wait: value 0, or some
# waiter queued that is not cancelled.  A waiter whose task was cancelled
# (still queued until it runs) does not count: after a release, locked() is
# False and a newcomer acquires at once; release does not wake the cancelled one.
import asyncio

from vclock import run, trace


async def waiter(sem):
    trace("W: acquiring")
    try:
        await sem.acquire()
        trace("W: not reached")
    except asyncio.CancelledError:
        trace(f"W: cancelled, value={sem._value}, locked={sem.locked()}")
        raise


async def main():
    sem = asyncio.Semaphore(1)
    trace(f"main: new, value={sem._value}, locked={sem.locked()}")
    await sem.acquire()
    trace(f"main: acquired, value={sem._value}, locked={sem.locked()}")
    w = asyncio.create_task(waiter(sem))
    await asyncio.sleep(0)
    trace(f"main: W queued, value={sem._value}, locked={sem.locked()}")
    w.cancel()
    trace(f"main: W cancelled, not run yet, value={sem._value}, locked={sem.locked()}")
    sem.release()
    trace(f"main: released, value={sem._value}, locked={sem.locked()}")
    await sem.acquire()
    trace(f"main: acquired at once, value={sem._value}, locked={sem.locked()}")
    try:
        await w
    except asyncio.CancelledError:
        trace(f"main: W done, cancelled={w.cancelled()}")
    sem.release()
    trace(f"main: released, value={sem._value}, locked={sem.locked()}")


run(main())
