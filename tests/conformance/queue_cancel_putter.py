# A cancelled putter never puts its item and never wastes a freed slot.
# A get wakes p1 and p1 is cancelled in the same iteration: its put()
# passes the wake-up on, so p2's item takes the slot.  p3, cancelled while
# still waiting on the full queue, leaves the queue as it was.
import asyncio

from vclock import run, trace


async def putter(name, q):
    trace(f"{name}: putting")
    try:
        await q.put(name)
    except asyncio.CancelledError:
        trace(f"{name}: cancelled (qsize={q.qsize()} full={q.full()})")
        raise
    trace(f"{name}: put done")


async def settle(task):
    try:
        await task
    except asyncio.CancelledError:
        trace(f"main: task cancelled={task.cancelled()}")


async def main():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("x")
    p1 = asyncio.create_task(putter("p1", q))
    p2 = asyncio.create_task(putter("p2", q))
    await asyncio.sleep(0.1)
    trace(f"main: get_nowait -> {q.get_nowait()}")
    trace(f"main: cancel p1 -> {p1.cancel()}")
    await settle(p1)
    await settle(p2)
    trace(f"main: qsize={q.qsize()}")

    p3 = asyncio.create_task(putter("p3", q))
    await asyncio.sleep(0.1)
    trace(f"main: cancel p3 -> {p3.cancel()}")
    await settle(p3)
    trace(f"main: get_nowait -> {q.get_nowait()}")
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        trace(f"main: get_nowait raised {type(e).__name__}")


run(main())
