# maxsize <= 0 means unbounded: asyncio treats a negative maxsize as
# infinite too, so full() stays False and await put() never waits however
# many items are queued (the clock does not move).  maxsize keeps the value
# given.  A maxsize of 1 is full after one item, for contrast.
import asyncio

from vclock import run, trace


async def fill(name, q, n):
    for i in range(n):
        await q.put(i)
    trace(f"{name}: maxsize={q.maxsize} qsize={q.qsize()} full={q.full()}")
    try:
        q.put_nowait(n)
        trace(f"{name}: put_nowait ok, qsize={q.qsize()}")
    except asyncio.QueueFull as e:
        trace(f"{name}: put_nowait raised {type(e).__name__}")


async def main():
    await fill("Queue(0)", asyncio.Queue(0), 1000)
    await fill("Queue(-1)", asyncio.Queue(-1), 1000)
    await fill("LifoQueue(-5)", asyncio.LifoQueue(-5), 10)
    await fill("PriorityQueue(-100)", asyncio.PriorityQueue(-100), 200)
    await fill("Queue(1)", asyncio.Queue(1), 1)
    q = asyncio.Queue(-1)
    trace(f"empty: full={q.full()} empty={q.empty()}")


run(main())
