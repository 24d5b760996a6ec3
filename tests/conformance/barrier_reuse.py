# A Barrier is reusable: after a round passes it fills again from index 0.
# A party that comes back for the next round while the previous one is
# still draining (others not yet out of wait) is held until it has drained,
# then counts as the first arrival of the new round (B comes back without
# awaiting anything in between).
import asyncio

from vclock import run, trace


async def party(b, name, delays):
    for rnd, d in enumerate(delays, 1):
        if d:
            await asyncio.sleep(d)
        trace(f"{name}: round {rnd} arriving, n_waiting={b.n_waiting}")
        index = await b.wait()
        trace(f"{name}: round {rnd} passed with index {index}")


async def main():
    b = asyncio.Barrier(2)
    ta = asyncio.create_task(party(b, "A", [1, 1.5]))
    tb = asyncio.create_task(party(b, "B", [2, 0]))
    await asyncio.sleep(2.5)
    trace(f"main: n_waiting={b.n_waiting}, broken={b.broken}")
    await ta
    await tb
    trace(f"main: done, n_waiting={b.n_waiting}, broken={b.broken}")


run(main())
