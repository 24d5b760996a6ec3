# BoundedSemaphore.release() above the initial value raises ValueError
# ("BoundedSemaphore released too many times") and leaves the value as it
# was; releases that balance acquires (also through `async with`) are fine.
# A plain Semaphore accepts the extra release and its value grows.
import asyncio

from vclock import run, trace


async def main():
    sem = asyncio.BoundedSemaphore(2)
    await sem.acquire()
    await sem.acquire()
    trace(f"main: acquired twice, value={sem._value}, locked={sem.locked()}")
    sem.release()
    sem.release()
    trace(f"main: released twice, value={sem._value}, locked={sem.locked()}")
    try:
        sem.release()
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: third release: {type(e).__name__}: {e}")
    trace(f"main: value={sem._value}")
    async with sem:
        trace(f"main: inside async with, value={sem._value}")
    trace(f"main: after async with, value={sem._value}")
    try:
        sem.release()
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: extra release: {type(e).__name__}: {e}")
    plain = asyncio.Semaphore(2)
    plain.release()
    trace(f"main: plain Semaphore(2) released once more, value={plain._value}")


run(main())
