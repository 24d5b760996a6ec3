# gather().cancel(msg) cancels every child not yet done and returns True; the
# gather itself stays pending until a child reports.  Without
# return_exceptions the first child to finish cancelled fails the gather, so
# the awaiter gets CancelledError(msg) while a slower child is still cleaning
# up; the gather is then done but not cancelled(), a child that had already
# finished keeps its result, and cancel() returns False.  So does cancel() on
# a gather still pending whose children are all done, which then succeeds.
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(child("a", 0.5, result="A"))
    b = asyncio.create_task(child("b", 5, result="B", cleanup=0.5))
    c = asyncio.create_task(child("c", 5, result="C", cleanup=1))
    g = asyncio.gather(a, b, c)

    def cancel_gather():
        trace(f"timer: g.cancel('stop') -> {g.cancel('stop')}, g.done()={g.done()}")

    loop.call_later(1, cancel_gather)
    trace("main: awaiting gather(a, b, c)")
    try:
        await g
        trace("main: not reached")
    except asyncio.CancelledError as e:
        trace(f"main: gather raised {fmt(e)}")
    trace(f"main: g.done()={g.done()} g.cancelled()={g.cancelled()} c.done()={c.done()}")
    trace(f"main: g.cancel() again -> {g.cancel()}")
    await asyncio.sleep(1)
    trace(f"main: a -> {a.result()}, b.cancelled()={b.cancelled()}, c.cancelled()={c.cancelled()}")

    p = loop.create_future()
    g = asyncio.gather(p)
    p.set_result("P")
    trace(f"main: p set, gather(p).done()={g.done()}, gather(p).cancel() -> {g.cancel()}")
    trace(f"main: await gather(p) -> {fmt(await g)}")


run(main())
