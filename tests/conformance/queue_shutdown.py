# shutdown() (3.13): getters waiting on an empty queue are woken and raise
# QueueShutDown, and so does a putter waiting on a full one; later puts raise
# at once (put_nowait too), while gets drain the items still queued and
# raise QueueShutDown only once the queue is empty.  Shutting down twice is
# harmless.
import asyncio

from vclock import run, trace


async def getter(name, q):
    trace(f"{name}: waiting")
    try:
        item = await q.get()
        trace(f"{name}: got {item}")
    except asyncio.QueueShutDown as e:
        trace(f"{name}: raised {type(e).__name__}")


async def putter(name, q, item):
    trace(f"{name}: putting {item}")
    try:
        await q.put(item)
        trace(f"{name}: put done")
    except asyncio.QueueShutDown as e:
        trace(f"{name}: raised {type(e).__name__}")


async def main():
    idle = asyncio.Queue()
    getters = [asyncio.create_task(getter(name, idle)) for name in ("g1", "g2")]
    await asyncio.sleep(0.5)
    idle.shutdown()
    trace("main: idle shut down")
    for t in getters:
        await t

    q = asyncio.Queue(maxsize=2)
    q.put_nowait("a")
    q.put_nowait("b")
    p = asyncio.create_task(putter("p", q, "c"))
    await asyncio.sleep(0.5)
    q.shutdown()
    trace(f"main: q shut down, qsize={q.qsize()}")
    await p
    try:
        q.put_nowait("d")
    except asyncio.QueueShutDown as e:
        trace(f"main: put_nowait raised {type(e).__name__}")
    trace(f"main: get -> {await q.get()}")
    try:
        await q.put("e")
    except asyncio.QueueShutDown as e:
        trace(f"main: put (not full) raised {type(e).__name__}")
    trace(f"main: get_nowait -> {q.get_nowait()}")
    q.shutdown()
    try:
        await q.get()
    except asyncio.QueueShutDown as e:
        trace(f"main: get raised {type(e).__name__}")
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        trace(f"main: get_nowait raised {type(e).__name__}")
    await getter("g3", q)
    trace(f"main: qsize={q.qsize()} empty={q.empty()}")


run(main())
