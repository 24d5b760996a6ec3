# wait(FIRST_EXCEPTION) does not return when a task merely completes: it
# returns when the first task raises, with the failed and the completed
# tasks in done and the rest still pending (and still running); exception()
# then reads the error without raising.
import asyncio

from vclock import run, trace


async def worker(name, delay, fail):
    await asyncio.sleep(delay)
    if fail:
        trace(f"{name}: raising ValueError")
        raise ValueError(f"{name} failed")
    trace(f"{name}: finished")
    return name


def names(tasks, group):
    return "[" + ", ".join(t.get_name() for t in tasks if t in group) + "]"


async def main():
    tasks = [
        asyncio.create_task(worker("ok", 0.1, False), name="ok"),
        asyncio.create_task(worker("bad", 0.2, True), name="bad"),
        asyncio.create_task(worker("slow", 0.5, False), name="slow"),
    ]
    trace("main: waiting for the first exception")
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    trace(f"main: wait returned {len(done)} done, done={names(tasks, done)} pending={names(tasks, pending)}")
    e = tasks[1].exception()
    trace(f"main: bad.exception() is {type(e).__name__}: {e}")
    trace(f"main: ok -> {tasks[0].result()}")
    r = await tasks[2]
    trace(f"main: slow -> {r}")


run(main())
