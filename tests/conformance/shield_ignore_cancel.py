# The documented pattern: `res = await shield(t)` inside try/except
# CancelledError lets a task ride out a cancellation and continue: it then
# awaits t itself and returns the result.  The task ends normally (not
# cancelled) but keeps cancelling() == 1, since it never uncancelled.
import asyncio

from vclock import run, trace


async def job():
    await asyncio.sleep(2)
    trace("job: done")
    return 7


async def worker(j):
    try:
        res = await asyncio.shield(j)
    except asyncio.CancelledError:
        trace("worker: cancelled; waiting for the job anyway")
        res = await j
    trace(f"worker: res={res}")
    return res * 6


async def main():
    j = asyncio.create_task(job())
    w = asyncio.create_task(worker(j))
    await asyncio.sleep(1)
    w.cancel()
    r = await w
    trace(f"main: worker returned {r}, cancelled={w.cancelled()}, cancelling={w.cancelling()}")


run(main())
