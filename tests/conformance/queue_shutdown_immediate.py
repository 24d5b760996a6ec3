# shutdown(immediate=True) drops the queued items and marks each dropped
# item done, so join() returns as soon as the items already taken are done.
# Gets raise QueueShutDown at once, even a getter woken by a put just before
# the shutdown, and a waiting putter raises although the queue now has room.
import asyncio

from vclock import run, trace


async def worker(q):
    while True:
        try:
            item = await q.get()
        except asyncio.QueueShutDown as e:
            trace(f"worker: get raised {type(e).__name__}")
            return
        trace(f"worker: got {item}")
        await asyncio.sleep(1)
        q.task_done()
        trace(f"worker: done {item}")


async def getter(q):
    await asyncio.sleep(0.1)
    trace("getter: waiting")
    try:
        item = await q.get()
        trace(f"getter: got {item}")
    except asyncio.QueueShutDown as e:
        trace(f"getter: raised {type(e).__name__}, qsize={q.qsize()}")


async def putter(q):
    trace(f"putter: putting y (full={q.full()})")
    try:
        await q.put("y")
    except asyncio.QueueShutDown as e:
        trace(f"putter: raised {type(e).__name__}, full={q.full()}")


async def joiner(name, q):
    await q.join()
    trace(f"{name}: join returned")


async def main():
    q = asyncio.Queue()
    q.put_nowait("a")
    tasks = [asyncio.create_task(worker(q)), asyncio.create_task(getter(q)),
             asyncio.create_task(joiner("joiner", q))]
    small = asyncio.Queue(1)
    small.put_nowait("x")
    tasks += [asyncio.create_task(putter(small)), asyncio.create_task(joiner("small joiner", small))]
    await asyncio.sleep(0.5)
    q.put_nowait("b")
    q.put_nowait("c")
    trace(f"main: put b, c: qsize={q.qsize()}")
    q.shutdown(immediate=True)
    trace(f"main: shut down, qsize={q.qsize()}")
    try:
        q.put_nowait("z")
    except asyncio.QueueShutDown as e:
        trace(f"main: put_nowait raised {type(e).__name__}")
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        trace(f"main: get_nowait raised {type(e).__name__}")
    small.shutdown(immediate=True)
    trace(f"main: small shut down, qsize={small.qsize()}")
    for t in tasks:
        await t
    trace("main: all done")


run(main())
