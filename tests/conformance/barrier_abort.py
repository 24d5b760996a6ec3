# Barrier.abort() breaks the barrier: the parties waiting in wait() get
# BrokenBarrierError("Abort or reset of barrier"), broken becomes True, and
# every later wait() raises BrokenBarrierError("Barrier aborted") at once.
import asyncio

from vclock import run, trace


async def party(b, name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: waiting, n_waiting={b.n_waiting}")
    try:
        await b.wait()
        trace(f"{name}: not reached")
    except asyncio.BrokenBarrierError as e:
        trace(f"{name}: {type(e).__name__}: {e}")


async def main():
    b = asyncio.Barrier(3)
    tasks = [asyncio.create_task(party(b, f"P{i}", i + 1)) for i in range(2)]
    await asyncio.sleep(3)
    trace(f"main: aborting, n_waiting={b.n_waiting}, broken={b.broken}")
    await b.abort()
    trace(f"main: aborted, n_waiting={b.n_waiting}, broken={b.broken}")
    for t in tasks:
        await t
    trace(f"main: waiters done, n_waiting={b.n_waiting}, broken={b.broken}")
    await party(b, "late", 1)
    trace(f"main: broken={b.broken}")


run(main())
