# wait never raises TimeoutError: with every return_when, a timeout that
# passes (also 0 or negative) just returns with nothing done.  Nor does it
# raise the error of a task that fails: that stays in the task.
import asyncio

from vclock import run, trace


async def late():
    await asyncio.sleep(1.0)
    trace("late: raising ValueError")
    raise ValueError("late")


async def main():
    t = asyncio.create_task(late())
    for timeout, when in [
        (0.2, asyncio.ALL_COMPLETED),
        (0.2, asyncio.FIRST_COMPLETED),
        (0, asyncio.FIRST_EXCEPTION),
        (-1, asyncio.ALL_COMPLETED),
        (5, asyncio.FIRST_EXCEPTION),
    ]:
        trace(f"main: wait(timeout={timeout}, {when})")
        done, pending = await asyncio.wait([t], timeout=timeout, return_when=when)
        trace(f"main: returned {len(done)} done, {len(pending)} pending, cancelled={t.cancelled()}")
    e = t.exception()
    trace(f"main: t.exception() is {type(e).__name__}: {e}")


run(main())
