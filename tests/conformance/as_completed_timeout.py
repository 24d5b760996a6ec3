# as_completed(timeout=...) yields what finished before the deadline; the
# next after it raises TimeoutError when the deadline passes, and so does
# every next still owed.  Nothing is cancelled: the late tasks keep running
# and finish with their results.
import asyncio

from vclock import run, trace


async def worker(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return name.upper()


async def main():
    tasks = [
        asyncio.create_task(worker("a", 0.1), name="a"),
        asyncio.create_task(worker("b", 0.5), name="b"),
        asyncio.create_task(worker("c", 1.0), name="c"),
    ]
    it = asyncio.as_completed(tasks, timeout=0.3)
    while True:
        try:
            f = await anext(it)
        except StopAsyncIteration:
            break
        except TimeoutError as e:
            trace(f"main: next raised {type(e).__name__}")
            continue
        trace(f"main: got {f.get_name()}")
    trace("main: iteration over")
    for t in tasks[1:]:
        trace(f"main: {t.get_name()} done={t.done()} cancelled={t.cancelled()}")
    for t in tasks[1:]:
        r = await t
        trace(f"main: {t.get_name()} -> {r}")


run(main())
