# With maxsize=2, await put() returns at once while there is room and waits
# while the queue is full; each get frees one slot and wakes the waiting
# putter, which completes in the same instant.  full() is True exactly at
# qsize() == maxsize.
import asyncio

from vclock import run, trace


async def producer(q):
    for i in range(1, 6):
        trace(f"producer: put {i} (qsize={q.qsize()} full={q.full()})")
        await q.put(i)
        trace(f"producer: put {i} done")
    trace("producer: finished")


async def consumer(q):
    await asyncio.sleep(1)
    for _ in range(5):
        item = await q.get()
        trace(f"consumer: got {item} (qsize={q.qsize()} full={q.full()})")
        await asyncio.sleep(0.5)


async def main():
    q = asyncio.Queue(maxsize=2)
    trace(f"maxsize={q.maxsize}")
    p = asyncio.create_task(producer(q))
    c = asyncio.create_task(consumer(q))
    await p
    await c
    trace(f"qsize={q.qsize()} empty={q.empty()}")


run(main())
