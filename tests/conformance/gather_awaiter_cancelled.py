# Cancelling the task that awaits a gather cancels the gather, which cancels
# every child with the same message.  The awaiting task gets CancelledError
# as soon as the first child has finished cancelled, and ends cancelled; the
# other child finishes its cleanup afterwards.
import asyncio

from child import child
from vclock import fmt, run, trace


async def waiter(a, b):
    trace("waiter: awaiting gather(a, b)")
    try:
        await asyncio.gather(a, b)
        trace("waiter: not reached")
    except asyncio.CancelledError as e:
        trace(f"waiter: caught {fmt(e)}, re-raising")
        raise


async def main():
    a = asyncio.create_task(child("a", 5, result="A", cleanup=0.5))
    b = asyncio.create_task(child("b", 5, result="B", cleanup=1))
    w = asyncio.create_task(waiter(a, b))
    await asyncio.sleep(1)
    trace(f"main: w.cancel('halt') -> {w.cancel('halt')}")
    try:
        await w
    except asyncio.CancelledError as e:
        trace(f"main: await w raised {fmt(e)}")
    trace(f"main: w.cancelled()={w.cancelled()} a.cancelled()={a.cancelled()} b.done()={b.done()}")
    await asyncio.sleep(1)
    trace(f"main: b.cancelled()={b.cancelled()}")


run(main())
