# A BoundedSemaphore released by hand inside `async with` makes the exit's
# own release fail: the ValueError("BoundedSemaphore released too many
# times") comes out of the `async with` statement, and the value stays at
# its bound.
import asyncio

from vclock import run, trace


async def main():
    sem = asyncio.BoundedSemaphore(1)
    try:
        async with sem:
            trace(f"main: inside, value={sem._value}")
            sem.release()
            trace(f"main: released by hand, value={sem._value}")
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: async with raised {type(e).__name__}: {e}")
    trace(f"main: value={sem._value}, locked={sem.locked()}")


run(main())
