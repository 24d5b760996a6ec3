# create_task does not run the coroutine: its first step is queued with
# call_soon, behind callbacks queued before it and ahead of those queued
# after, and runs only once the creator yields to the loop.
import asyncio

from vclock import run, trace


async def child(name):
    trace(f"{name}: first step")
    await asyncio.sleep(0)
    trace(f"{name}: second step")
    return name.upper()


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(trace, "callback queued before create_task")
    t1 = asyncio.create_task(child("t1"))
    loop.call_soon(trace, "callback queued between the tasks")
    t2 = asyncio.create_task(child("t2"))
    trace(f"main: created both, t1.done()={t1.done()}")
    r1 = await t1
    trace(f"main: t1 returned {r1}, t2.done()={t2.done()}")
    r2 = await t2
    trace(f"main: t2 returned {r2} without waiting")


run(main())
