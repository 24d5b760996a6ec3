# Queue hands items out first in, first out; LifoQueue last in, first out;
# PriorityQueue smallest first: numbers by value, strings by text, and
# (priority, payload) tuples element by element, so equal priorities fall
# back to the payload.  await put/get on a queue with room/items never waits.
import asyncio

from vclock import run, trace


async def drain(name, q):
    items = []
    while not q.empty():
        items.append(repr(await q.get()))
    trace(f"{name}: {', '.join(items)}")


async def main():
    fifo = asyncio.Queue()
    lifo = asyncio.LifoQueue()
    for item in ["a", "b", "c", "d"]:
        fifo.put_nowait(item)
        await lifo.put(item)
    trace(f"fifo qsize={fifo.qsize()} empty={fifo.empty()} full={fifo.full()} maxsize={fifo.maxsize}")
    await drain("fifo", fifo)
    await drain("lifo", lifo)
    trace(f"fifo qsize={fifo.qsize()} empty={fifo.empty()}")

    nums = asyncio.PriorityQueue()
    for n in [5, 1, 4, 2.5, -3, 2]:
        nums.put_nowait(n)
    await drain("numbers", nums)

    words = asyncio.PriorityQueue()
    for w in ["pear", "apple", "Zebra", "app", "banana"]:
        await words.put(w)
    await drain("strings", words)

    jobs = asyncio.PriorityQueue()
    for job in [(2, "write"), (1, "read"), (3, "close"), (1, "open"), (2, "flush"), (0, "init")]:
        jobs.put_nowait(job)
    await drain("tuples", jobs)


run(main())
