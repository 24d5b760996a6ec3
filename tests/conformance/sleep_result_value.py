# sleep(delay, result) gives result to the awaiting frame; sleep(0, result)
# still yields exactly one iteration, so a task that yields once in between
# runs first.
import asyncio

from vclock import run, trace


async def other():
    trace("other: runs while main sleeps 0")
    await asyncio.sleep(0)
    trace("other: second step")


async def main():
    r = await asyncio.sleep(1, "done")
    trace(f"main: sleep(1, 'done') -> {r}")
    t = asyncio.create_task(other())
    r = await asyncio.sleep(0, 42)
    trace(f"main: sleep(0, 42) -> {r}")
    r = await asyncio.sleep(0.5, None)
    trace(f"main: sleep(0.5, None) -> {r}")
    r = await asyncio.sleep(-1, 2.5)
    trace(f"main: sleep(-1, 2.5) -> {r}")
    await t


run(main())
