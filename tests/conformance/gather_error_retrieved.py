# Once a gather has failed, a later error of another child is marked
# retrieved by the gather's done callback, so dropping that child reports
# nothing; a failed task that no gather watched and nobody read reports
# "Task exception was never retrieved" to the loop's exception handler.
import asyncio
import gc

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


def handler(loop, context):
    trace(f"handler: {context['message']}: {fmt(context.get('exception'))}", loop)


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    a = asyncio.create_task(child("a", 1, fail=ValueError("a bad")))
    b = asyncio.create_task(child("b", 2, fail=RuntimeError("b bad")))
    c = asyncio.create_task(child("c", 2.5, fail=ValueError("c bad")))
    try:
        await asyncio.gather(a, b)
    except ValueError as e:
        trace(f"main: gather raised {fmt(e)}")
    await asyncio.sleep(3)
    trace(f"main: b.done()={b.done()} c.done()={c.done()}; dropping a, b, c")
    del a, b, c
    gc.collect()
    trace("main: done")


run(main())
