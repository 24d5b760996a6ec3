# Barrier(3): wait() blocks until the third party arrives, then all three
# wake at that same moment; each gets its arrival index (0, 1, 2).
# n_waiting counts the parties inside while the barrier fills, and reads 0
# while it drains and once it is empty again.
import asyncio

from vclock import run, trace


async def party(b, name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: arriving, n_waiting={b.n_waiting}")
    index = await b.wait()
    trace(f"{name}: passed with index {index}, n_waiting={b.n_waiting}")


async def main():
    b = asyncio.Barrier(3)
    trace(f"main: parties={b.parties}, n_waiting={b.n_waiting}, broken={b.broken}")
    tasks = [asyncio.create_task(party(b, name, d)) for name, d in (("P0", 1), ("P1", 2), ("P2", 3))]
    await asyncio.sleep(2.5)
    trace(f"main: n_waiting={b.n_waiting}")
    for t in tasks:
        await t
    trace(f"main: all passed, n_waiting={b.n_waiting}, broken={b.broken}")


run(main())
