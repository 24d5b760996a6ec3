# A party cancelled while waiting at a Barrier leaves it with
# CancelledError; the barrier is not broken, it just counts one party
# fewer (n_waiting drops), so the round needs another arrival to pass.  An
# index is the count inside at arrival, so P2 gets the same 1 as P1.
import asyncio

from vclock import run, trace


async def party(b, name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: waiting, n_waiting={b.n_waiting}")
    try:
        index = await b.wait()
    except asyncio.CancelledError:
        trace(f"{name}: cancelled, n_waiting={b.n_waiting}, broken={b.broken}")
        raise
    trace(f"{name}: passed with index {index}")


async def main():
    b = asyncio.Barrier(3)
    p0 = asyncio.create_task(party(b, "P0", 1))
    p1 = asyncio.create_task(party(b, "P1", 2))
    p2 = asyncio.create_task(party(b, "P2", 3))
    await asyncio.sleep(2.5)
    trace(f"main: cancelling P0, n_waiting={b.n_waiting}")
    p0.cancel()
    try:
        await p0
    except asyncio.CancelledError:
        trace(f"main: P0 cancelled={p0.cancelled()}, n_waiting={b.n_waiting}, broken={b.broken}")
    await asyncio.sleep(1)
    trace(f"main: waiting, n_waiting={b.n_waiting}")
    index = await b.wait()
    trace(f"main: passed with index {index}")
    await p1
    await p2
    trace(f"main: done, n_waiting={b.n_waiting}, broken={b.broken}")


run(main())
