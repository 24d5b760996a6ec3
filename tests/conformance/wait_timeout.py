# wait(timeout=...) returns when the timeout passes with the unfinished
# tasks in pending: it raises nothing and cancels nothing.  The pending tasks
# keep running and finish later with their results.
import asyncio

from vclock import run, trace


async def worker(name, delay):
    trace(f"{name}: sleeping {delay}")
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return name.upper()


def names(tasks, group):
    return "[" + ", ".join(t.get_name() for t in tasks if t in group) + "]"


async def main():
    tasks = [
        asyncio.create_task(worker("fast", 0.2), name="fast"),
        asyncio.create_task(worker("slow", 1.0), name="slow"),
        asyncio.create_task(worker("slower", 1.5), name="slower"),
    ]
    trace("main: waiting with timeout 0.5")
    done, pending = await asyncio.wait(tasks, timeout=0.5)
    trace(f"main: wait returned {len(done)} done, done={names(tasks, done)} pending={names(tasks, pending)}")
    for t in tasks[1:]:
        trace(f"main: {t.get_name()} done={t.done()} cancelled={t.cancelled()}")
    for t in tasks[1:]:
        r = await t
        trace(f"main: {t.get_name()} -> {r}")


run(main())
