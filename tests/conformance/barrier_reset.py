# Barrier.reset() while parties wait: each gets BrokenBarrierError("Abort or
# reset of barrier"), but the barrier is not broken; once they are out it
# fills again from index 0, and the parties that retry at once pass with a
# third one arriving later.
import asyncio

from vclock import run, trace


async def party(b, name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: waiting, n_waiting={b.n_waiting}")
    try:
        await b.wait()
        trace(f"{name}: not reached")
    except asyncio.BrokenBarrierError as e:
        trace(f"{name}: {type(e).__name__}: {e}; retrying, n_waiting={b.n_waiting}")
    index = await b.wait()
    trace(f"{name}: passed with index {index}")


async def main():
    b = asyncio.Barrier(3)
    tasks = [asyncio.create_task(party(b, f"P{i}", i + 1)) for i in range(2)]
    await asyncio.sleep(3)
    trace(f"main: resetting, n_waiting={b.n_waiting}")
    await b.reset()
    trace(f"main: reset, n_waiting={b.n_waiting}, broken={b.broken}")
    await asyncio.sleep(1)
    trace(f"main: waiting, n_waiting={b.n_waiting}, broken={b.broken}")
    index = await b.wait()
    trace(f"main: passed with index {index}")
    for t in tasks:
        await t
    trace(f"main: done, n_waiting={b.n_waiting}, broken={b.broken}")


run(main())
