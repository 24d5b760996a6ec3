# When a child finishes, a task awaiting that child directly wakes one loop
# iteration before the task awaiting a gather of it, whichever registered
# first: the child's done callbacks run in registration order, and the
# gather's callback only schedules the wake-up of its awaiter.
import asyncio

from vclock import run, trace

def fmt(v):
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, BaseException):
        return f"{type(v).__name__}({v})"
    return str(v)


async def child(name, delay, result=None, fail=None, cleanup=0, swallow=False):
    """Sleeps delay, then returns result or raises fail.  If cancelled while
    sleeping it sleeps cleanup (when > 0), then re-raises, or returns result
    instead when swallow is set."""
    trace(f"{name}: sleeping {delay}")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError as e:
        trace(f"{name}: caught {fmt(e)}")
        if cleanup > 0:
            await asyncio.sleep(cleanup)
            trace(f"{name}: cleanup done")
        if swallow:
            trace(f"{name}: swallowing it, returning {fmt(result)}")
            return result
        trace(f"{name}: re-raising")
        raise
    if fail is not None:
        trace(f"{name}: raising {fmt(fail)}")
        raise fail
    trace(f"{name}: returning {fmt(result)}")
    return result


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
