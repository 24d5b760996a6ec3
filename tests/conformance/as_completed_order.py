# as_completed yields in completion order, not argument order, each as soon
# as it finishes.  The pre-3.13 style used here (a plain for loop awaiting
# each item) gives the results directly.
import asyncio

from vclock import run, trace


async def worker(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return name.upper()


async def main():
    tasks = [
        asyncio.create_task(worker("a", 0.3)),
        asyncio.create_task(worker("b", 0.1)),
        asyncio.create_task(worker("c", 0.2)),
        asyncio.create_task(worker("d", 0.4)),
    ]
    trace("main: iterating")
    for i, c in enumerate(asyncio.as_completed(tasks)):
        r = await c
        trace(f"main: #{i} -> {r}")
    trace("main: iteration over")


run(main())
