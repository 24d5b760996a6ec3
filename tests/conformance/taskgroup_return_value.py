# A `return` from inside a TaskGroup's body does not end the coroutine at
# once: the group's exit first waits for every task, then the value is
# returned.  If a task fails while the exit waits, the group's
# ExceptionGroup replaces the return value.
import asyncio

from vclock import run, trace


async def work(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: done")


async def fail(delay):
    await asyncio.sleep(delay)
    trace("fail: raising ValueError")
    raise ValueError("late failure")


async def compute(value, failing):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(work("a", 1))
        if failing:
            tg.create_task(fail(0.5))
        else:
            tg.create_task(work("b", 2))
        trace(f"compute: returning {value} from inside the group")
        return value
    trace("compute: not reached")


async def main():
    v = await compute(42, False)
    trace(f"main: compute returned {v}")
    try:
        v = await compute(7, True)
        trace(f"main: compute returned {v}")
    except ExceptionGroup as eg:
        trace(f"main: compute raised {type(eg).__name__}: {eg.message} ({len(eg.exceptions)})")
        for e in eg.exceptions:
            trace(f"main:   {type(e).__name__}: {e}")


run(main())
