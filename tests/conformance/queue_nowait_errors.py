# put_nowait on a full queue raises QueueFull and get_nowait on an empty one
# QueueEmpty, for every kind of queue, leaving it unchanged.  get_nowait
# never waits: it even takes an item a put just woke a waiting getter for,
# and that getter goes back to waiting.
import asyncio

from vclock import run, trace


def try_put(name, q, item):
    try:
        q.put_nowait(item)
        trace(f"{name}: put_nowait({item}) ok, qsize={q.qsize()}")
    except asyncio.QueueFull as e:
        trace(f"{name}: put_nowait({item}) raised {type(e).__name__}, qsize={q.qsize()}")


def try_get(name, q):
    try:
        item = q.get_nowait()
        trace(f"{name}: get_nowait -> {item}, qsize={q.qsize()}")
    except asyncio.QueueEmpty as e:
        trace(f"{name}: get_nowait raised {type(e).__name__}")


async def getter(q):
    trace(f"getter: got {await q.get()}")


async def main():
    for name, q in [("Queue", asyncio.Queue(2)), ("LifoQueue", asyncio.LifoQueue(2)),
                    ("PriorityQueue", asyncio.PriorityQueue(2))]:
        try_get(name, q)
        try_put(name, q, 7)
        try_put(name, q, 3)
        try_put(name, q, 5)
        try_get(name, q)
        try_get(name, q)
        try_get(name, q)

    q = asyncio.Queue()
    task = asyncio.create_task(getter(q))
    await asyncio.sleep(0.1)
    try_get("waiting", q)
    try_put("waiting", q, 1)
    try_get("waiting", q)
    await asyncio.sleep(0.1)
    trace(f"waiting: getter done={task.done()}")
    try_put("waiting", q, 2)
    await task


run(main())
