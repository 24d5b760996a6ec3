# A party cancelled after the barrier tripped (the last arrival released
# it) but before it ran ends with CancelledError rather than its index;
# the round still counts as passed for the others, and once it is out the
# barrier is filling again, neither broken nor stuck.
import asyncio

from vclock import run, trace


async def waiter(b, name):
    trace(f"{name}: waiting")
    try:
        index = await b.wait()
    except asyncio.CancelledError:
        trace(f"{name}: cancelled, n_waiting={b.n_waiting}, broken={b.broken}")
        raise
    trace(f"{name}: passed with index {index}")


async def main():
    b = asyncio.Barrier(2)
    p0 = asyncio.create_task(waiter(b, "P0"))
    await asyncio.sleep(1)
    index = await b.wait()
    trace(f"main: passed with index {index}; cancel P0 -> {p0.cancel()}")
    try:
        await p0
    except asyncio.CancelledError:
        trace(f"main: P0 cancelled={p0.cancelled()}, n_waiting={b.n_waiting}, broken={b.broken}")
    p1 = asyncio.create_task(waiter(b, "P1"))
    await asyncio.sleep(1)
    index = await b.wait()
    trace(f"main: round 2 passed with index {index}")
    await p1


run(main())
