# A future passed to wait more than once counts once: wait([a, a, b])
# waits for two futures and reports two done, and with FIRST_COMPLETED the
# repeated slow task does not make the fast one count less.
import asyncio

from vclock import run, trace


async def worker(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return name


async def main():
    a = asyncio.create_task(worker("a", 0.1), name="a")
    b = asyncio.create_task(worker("b", 0.2), name="b")
    trace("main: wait([a, a, b])")
    done, pending = await asyncio.wait([a, a, b])
    trace(f"main: returned {len(done)} done, {len(pending)} pending")
    c = asyncio.create_task(worker("c", 0.1), name="c")
    d = asyncio.create_task(worker("d", 0.5), name="d")
    trace("main: wait([d, d, c, d], FIRST_COMPLETED)")
    done, pending = await asyncio.wait([d, d, c, d], return_when=asyncio.FIRST_COMPLETED)
    trace(f"main: returned {len(done)} done, {len(pending)} pending, c done={c in done}, d pending={d in pending}")
    await d


run(main())
