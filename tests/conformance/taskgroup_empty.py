# A TaskGroup with no tasks, or whose tasks are all done when the body ends,
# exits without giving the loop an iteration: a task created earlier has not
# run yet when the code after the `async with` runs.  An empty group that
# was entered and left is finished: creating a task in it is refused.
import asyncio

from vclock import run, trace


async def other(name):
    trace(f"{name}: runs")


async def quick():
    await asyncio.sleep(0.5)
    trace("quick: done")


async def main():
    t1 = asyncio.create_task(other("other-1"))
    trace("main: entering an empty group")
    async with asyncio.TaskGroup() as tg:
        trace("body: nothing to do")
    trace("main: empty group exited")
    try:
        tg.create_task(other("never"))
    except RuntimeError as e:
        trace(f"main: create_task raised {type(e).__name__}")
    await t1
    async with asyncio.TaskGroup() as tg:
        tg.create_task(quick())
        await asyncio.sleep(1)
        t2 = asyncio.create_task(other("other-2"))
        trace("body: quick is done, leaving")
    trace("main: second group exited")
    await t2


run(main())
