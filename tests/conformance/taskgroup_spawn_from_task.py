# A task of a TaskGroup may create more tasks in the same group, while the
# body runs and also after the body has ended while the group's exit waits
# (the group is not finished while it has tasks).  The exit waits for those
# late tasks too: the group ends at 4.5, when the last one finishes.
import asyncio

from vclock import run, trace


async def child(name, delay):
    trace(f"{name}: start, sleeping {delay}")
    await asyncio.sleep(delay)
    trace(f"{name}: done")


async def spawner(tg, name, delay, child_name, child_delay):
    trace(f"{name}: start, sleeping {delay}")
    await asyncio.sleep(delay)
    tg.create_task(child(child_name, child_delay))
    trace(f"{name}: created {child_name}, returning")


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(spawner(tg, "a", 1.0, "a.child", 2.0))
        tg.create_task(spawner(tg, "b", 3.5, "b.child", 1.0))
        trace("body: sleeping 2.0")
        await asyncio.sleep(2.0)
        trace("body: leaving")
    trace("main: group exited")


run(main())
