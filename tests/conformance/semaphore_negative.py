# Semaphore(value) with a negative value raises ValueError("Semaphore
# initial value must be >= 0"), for BoundedSemaphore too; 0 is accepted and
# gives a semaphore that starts locked.
import asyncio

from vclock import run, trace


async def main():
    try:
        asyncio.Semaphore(-1)
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: Semaphore(-1): {type(e).__name__}: {e}")
    try:
        asyncio.BoundedSemaphore(-3)
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: BoundedSemaphore(-3): {type(e).__name__}: {e}")
    sem = asyncio.Semaphore(0)
    trace(f"main: Semaphore(0): value={sem._value}, locked={sem.locked()}")


run(main())
