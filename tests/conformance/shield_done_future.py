# shield of a future that is already done (result, error or cancelled) or
# of a finished task returns that very object, and awaiting it gives its
# outcome; a pending future gets a new outer future instead, which follows
# the inner's result.
import asyncio

from vclock import run, trace


async def quick():
    return "quick"


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.set_result("ready")
    s = asyncio.shield(fut)
    trace(f"shield(done future) is it: {s is fut}, awaited -> {await s}")
    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    s = asyncio.shield(t)
    trace(f"shield(finished task) is it: {s is t}, awaited -> {await s}")
    bad = loop.create_future()
    bad.set_exception(ValueError("broken"))
    s = asyncio.shield(bad)
    try:
        await s
    except ValueError as e:
        trace(f"shield(failed future) is it: {s is bad}, awaited raised {type(e).__name__}: {e}")
    gone = loop.create_future()
    gone.cancel()
    s = asyncio.shield(gone)
    try:
        await s
    except asyncio.CancelledError:
        trace(f"shield(cancelled future) is it: {s is gone}, awaited raised CancelledError")
    pending = loop.create_future()
    s = asyncio.shield(pending)
    trace(f"shield(pending future) is it: {s is pending}")
    pending.set_result("later")
    trace(f"awaited -> {await s}")


run(main())
