# join() returns at once when every item put has been marked done, and
# otherwise waits until task_done() has been called once per item put: not
# when the queue becomes empty (the workers are still busy then), but when
# the last worker finishes its last item.  The workers are then cancelled.
import asyncio

from vclock import run, trace


async def worker(name, q):
    while True:
        job, duration = await q.get()
        trace(f"{name}: start {job} ({duration}s)")
        try:
            await asyncio.sleep(duration)
        except asyncio.CancelledError:
            trace(f"{name}: cancelled in job, not reached")
            raise
        q.task_done()
        trace(f"{name}: done {job}, qsize={q.qsize()}")


async def main():
    q = asyncio.Queue()
    await q.join()
    trace("main: join on a fresh queue returned")
    for job, duration in [("a", 1.0), ("b", 0.5), ("c", 0.25), ("d", 2.0), ("e", 0.5)]:
        q.put_nowait((job, duration))
    workers = [asyncio.create_task(worker(name, q)) for name in ("w1", "w2")]
    trace(f"main: joining, qsize={q.qsize()}")
    await q.join()
    trace(f"main: join returned, qsize={q.qsize()}")
    for w in workers:
        w.cancel()
    for w in workers:
        try:
            await w
        except asyncio.CancelledError:
            trace(f"main: worker cancelled={w.cancelled()}")
    await q.join()
    trace("main: join again returned at once")


run(main())
