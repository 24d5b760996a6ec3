# Tasks waiting in get() on an empty queue are woken in the order they
# started waiting, one per item put.  A getter that did not have to wait can
# take an item meant for a woken one: the woken getter then finds the queue
# empty and waits again at the end of the line (g3 below), as in asyncio.
import asyncio

from vclock import run, trace


async def getter(name, q, delay):
    await asyncio.sleep(delay)
    for _ in range(2):
        trace(f"{name}: waiting (qsize={q.qsize()})")
        item = await q.get()
        trace(f"{name}: got {item}")


async def main():
    q = asyncio.Queue()
    tasks = [asyncio.create_task(getter(name, q, delay))
             for name, delay in [("g2", 0.2), ("g1", 0.1), ("g3", 0.3)]]
    await asyncio.sleep(1)
    trace("main: putting a, b, c")
    for item in "abc":
        q.put_nowait(item)
    await asyncio.sleep(1)
    for item in "def":
        trace(f"main: putting {item}")
        await q.put(item)
        await asyncio.sleep(0.5)
    for t in tasks:
        await t
    trace(f"main: done, qsize={q.qsize()}")


run(main())
