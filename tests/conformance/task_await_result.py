# Two tasks await a third; when it returns, their wake-ups run in the order
# they started waiting.  Awaiting a task that is already done gives its
# result at once, without yielding to the loop.
import asyncio

from vclock import run, trace


async def compute(x):
    trace(f"compute({x}): working")
    await asyncio.sleep(0.2)
    trace(f"compute({x}): returns {x * x}")
    return x * x


async def watcher(task):
    trace("watcher: waiting for compute")
    value = await task
    trace(f"watcher: got {value}")
    return value + 1


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(compute(6))
    w = asyncio.create_task(watcher(task))
    value = await task
    trace(f"main: got {value}")
    loop.call_soon(trace, "callback queued by main")
    again = await task
    trace(f"main: awaited the done task again: {again}, no yield")
    trace(f"main: watcher returned {await w}")


run(main())
