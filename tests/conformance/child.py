"""child.py — the configurable child coroutine several gather scenarios
share (child.h is its C twin)."""
import asyncio

from vclock import fmt, trace


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
