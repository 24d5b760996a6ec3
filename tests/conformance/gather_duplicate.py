# The same future passed to gather twice is watched once but reported at each
# of its positions: gather(p, p, q) is still pending after p finishes, and
# returns [p's, p's, q's]; a failing duplicate gives the same error object
# twice; cancelling gather(p, p) cancels p once and still returns True.
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    loop = asyncio.get_running_loop()
    p = loop.create_future()
    q = loop.create_future()
    g = asyncio.gather(p, p, q)

    def finish(fut, name, value):
        fut.set_result(value)
        trace(f"timer: {name}.set_result({value}), gather done={g.done()}")

    loop.call_later(1, finish, p, "p", "P")
    loop.call_later(1.5, lambda: trace(f"timer: gather done={g.done()}"))
    loop.call_later(2, finish, q, "q", "Q")
    trace("main: awaiting gather(p, p, q)")
    trace(f"main: gather -> {fmt(await g)}")

    e = asyncio.create_task(child("e", 1, fail=ValueError("e failed")))
    x = asyncio.create_task(child("x", 0.5, result="X"))
    res = await asyncio.gather(e, x, e, return_exceptions=True)
    trace(f"main: gather(e, x, e) -> {fmt(res)}, same error object: {res[0] is res[2]}")

    r = loop.create_future()
    g = asyncio.gather(r, r)
    trace(f"main: gather(r, r).cancel('dup') -> {g.cancel('dup')}, r.cancelled()={r.cancelled()}")
    try:
        await g
    except asyncio.CancelledError as e:
        trace(f"main: gather raised {fmt(e)}, g.cancelled()={g.cancelled()}")


run(main())
