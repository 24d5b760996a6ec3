# When a child finishes, a task awaiting that child directly wakes one loop
# iteration before the task awaiting a gather of it, whichever registered
# first: the child's done callbacks run in registration order, and the
# gather's callback only schedules the wake-up of its awaiter.
import asyncio

from child import child
from vclock import fmt, run, trace


async def direct(name, task):
    trace(f"{name}: awaiting the child directly")
    res = await task
    trace(f"{name}: woke with {res}")


async def main():
    c = asyncio.create_task(child("c", 1, result="C"))
    g = asyncio.gather(c)
    c.add_done_callback(lambda fut: trace("c done callback"))
    t = asyncio.create_task(direct("t", c))
    trace("main: awaiting gather(c) (registered before t)")
    res = await g
    trace(f"main: woke with {fmt(res)}")
    await t

    d = asyncio.create_task(child("d", 1, result="D"))
    u = asyncio.create_task(direct("u", d))
    await asyncio.sleep(0)
    trace("main: awaiting gather(d) (registered after u)")
    res = await asyncio.gather(d)
    trace(f"main: woke with {fmt(res)}")
    await u


run(main())
