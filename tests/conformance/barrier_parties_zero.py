# Barrier(0) raises ValueError("parties must be > 0").  Barrier(1) is the
# smallest: every wait() passes at once with index 0, round after round.
import asyncio

from vclock import run, trace


async def main():
    try:
        asyncio.Barrier(0)
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: Barrier(0): {type(e).__name__}: {e}")
    b = asyncio.Barrier(1)
    trace(f"main: Barrier(1): parties={b.parties}, n_waiting={b.n_waiting}, broken={b.broken}")
    for rnd in (1, 2):
        index = await b.wait()
        trace(f"main: round {rnd} passed with index {index}, n_waiting={b.n_waiting}")


run(main())
