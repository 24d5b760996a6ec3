# task_done() counts against items put, not items got: calling it more times
# than items were put raises ValueError("task_done() called too many times")
# and changes nothing; calling it for items still in the queue is allowed
# and lets join() return while qsize() is not 0.
import asyncio

from vclock import run, trace


def done(q, label):
    try:
        q.task_done()
        trace(f"{label}: task_done ok")
    except ValueError as e:
        trace(f"{label}: task_done raised {type(e).__name__}: {e}")


async def joiner(q):
    await q.join()
    trace(f"joiner: join returned, qsize={q.qsize()}")


async def main():
    q = asyncio.Queue()
    done(q, "fresh")
    q.put_nowait("a")
    trace(f"got {q.get_nowait()}")
    done(q, "a")
    done(q, "again")

    q.put_nowait("b")
    q.put_nowait("c")
    task = asyncio.create_task(joiner(q))
    await asyncio.sleep(0.5)
    done(q, "b (still queued)")
    await asyncio.sleep(0.5)
    trace(f"joiner done={task.done()}")
    done(q, "c (still queued)")
    await task
    done(q, "extra")
    trace(f"qsize={q.qsize()}, items {q.get_nowait()} {q.get_nowait()}")
    q.put_nowait("d")
    task = asyncio.create_task(joiner(q))
    await asyncio.sleep(0.5)
    trace(f"joiner done={task.done()}")
    done(q, "d")
    await task


run(main())
