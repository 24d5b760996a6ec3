# A predicate already true makes wait_for return its value at once: the
# lock stays held, nothing waits, and other tasks do not get to run in
# between; a list value is returned as it is.
import asyncio

from vclock import run, trace


async def other():
    trace("other: runs")


async def main():
    cond = asyncio.Condition()
    items = [1, 2]
    t = asyncio.create_task(other())
    async with cond:
        r = await cond.wait_for(lambda: items)
        trace(f"main: wait_for -> {r}, locked={cond.locked()}")
    trace(f"main: other done={t.done()}")
    await t


run(main())
