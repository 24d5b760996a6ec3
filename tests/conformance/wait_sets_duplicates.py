# A future passed to wait() twice is in its sets once; the sets hold the
# very objects passed, so identity checks against them work.
import asyncio

from vclock import run, trace


async def worker(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    a = asyncio.create_task(worker(1))
    b = asyncio.create_task(worker(2))
    done, pending = await asyncio.wait([a, b, a, b, a], return_when=asyncio.FIRST_COMPLETED)
    trace(f"main: {len(done)} done, {len(pending)} pending, a done={a in done}, b pending={b in pending}")
    done, pending = await asyncio.wait([b, b])
    trace(f"main: {len(done)} done, {len(pending)} pending, b done={b in done}")


run(main())
