# Tasks waiting in put() on a full queue are woken in the order they started
# waiting, one per slot freed by a get.  A put_nowait made in the same
# instant takes the freed slot first: the woken putter finds the queue full
# again and waits at the end of the line (p2 below), as in asyncio.
import asyncio

from vclock import run, trace


async def putter(name, q, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: putting (full={q.full()})")
    await q.put(name)
    trace(f"{name}: put done")


async def main():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("x0")
    tasks = [asyncio.create_task(putter(name, q, delay))
             for name, delay in [("p2", 0.2), ("p1", 0.1), ("p3", 0.3)]]
    await asyncio.sleep(1)
    for i in range(5):
        item = await q.get()
        trace(f"main: got {item}")
        if i == 1:
            q.put_nowait("barge")
            trace("main: put_nowait barge")
        await asyncio.sleep(0.5)
    for t in tasks:
        await t
    trace(f"main: done, qsize={q.qsize()}")


run(main())
