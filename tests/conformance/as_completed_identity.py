# Iterated with `async for` (3.13), as_completed yields the very futures and
# tasks it was given, done, in completion order: a plain future and tasks
# can be told apart by identity, and their results read without waiting.
import asyncio

from vclock import run, trace


async def worker(delay):
    await asyncio.sleep(delay)
    trace(f"{asyncio.current_task().get_name()}: finished")
    return delay


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.2, fut.set_result, "from a callback")
    items = [
        ("slow", asyncio.create_task(worker(0.3), name="slow")),
        ("fut", fut),
        ("fast", asyncio.create_task(worker(0.1), name="fast")),
    ]
    async for f in asyncio.as_completed([x for _, x in items]):
        idx = [i for i, (_, x) in enumerate(items) if x is f]
        name = items[idx[0]][0] if idx else "a new object"
        trace(f"main: got {name}, done={f.done()}, result={f.result()}")
    trace("main: iteration over")


run(main())
