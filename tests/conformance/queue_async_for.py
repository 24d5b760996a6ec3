# Consuming a queue until it is shut down: each consumer loops on get() and
# leaves the loop on QueueShutDown (in C, WA_ASYNC_FOR over wa_queue_next).
# A shutdown() right after the last puts still lets the consumers drain
# those items first; join() sees every one marked done.
import asyncio

from vclock import run, trace


async def consumer(name, q):
    n = 0
    while True:
        try:
            item = await q.get()
        except asyncio.QueueShutDown:
            break
        trace(f"{name}: item {item}")
        await asyncio.sleep(0.3)
        q.task_done()
        n += 1
    trace(f"{name}: queue shut down after {n} items")


async def main():
    q = asyncio.Queue()
    consumers = [asyncio.create_task(consumer(name, q)) for name in ("c1", "c2")]
    for i in range(1, 5):
        await asyncio.sleep(0.5)
        await q.put(i)
    await asyncio.sleep(1)
    for i in range(5, 10):
        q.put_nowait(i)
    q.shutdown()
    trace(f"main: shut down with qsize={q.qsize()}")
    await q.join()
    trace("main: join returned")
    for c in consumers:
        await c
    trace("main: consumers finished")


run(main())
