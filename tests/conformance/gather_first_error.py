# Without return_exceptions the first child error fails the gather at once:
# the awaiter gets that error while the other children keep running (one
# returns later, one fails later), and the gather stays done with the first
# error; the later failure changes nothing.
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


async def main():
    a = asyncio.create_task(child("a", 1, fail=ValueError("a failed")))
    b = asyncio.create_task(child("b", 2, result="B"))
    c = asyncio.create_task(child("c", 3, fail=RuntimeError("c failed")))
    g = asyncio.gather(a, b, c)
    trace("main: awaiting gather(a, b, c)")
    try:
        await g
        trace("main: not reached")
    except ValueError as e:
        trace(f"main: gather raised {fmt(e)}")
    trace(f"main: gather done={g.done()} cancelled={g.cancelled()} exception={fmt(g.exception())}")
    trace(f"main: b done={b.done()}, c done={c.done()}")
    await asyncio.sleep(5)
    trace(f"main: b result={fmt(b.result())}, c exception={fmt(c.exception())}")
    trace(f"main: gather exception still {fmt(g.exception())}")


run(main())
