# With return_exceptions=True a child cancelled on its own becomes a
# CancelledError item and the gather still waits for the others.  The item is
# made from the child's cancel message: a plain future's cancel(msg) shows,
# but a task's does not (its message travels in the error it raised, which
# awaiting the task afterwards still gives).
import asyncio

from child import child
from vclock import fmt, run, trace


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(child("a", 1, result="A"))
    fut = loop.create_future()
    b = asyncio.create_task(child("b", 5, result="B", cleanup=0.25))
    c = asyncio.create_task(child("c", 2, result="C"))

    def cancel_some():
        trace(f"timer: fut.cancel('fut off') -> {fut.cancel('fut off')}")
        trace(f"timer: b.cancel('b off') -> {b.cancel('b off')}")

    loop.call_later(0.5, cancel_some)
    trace("main: awaiting gather(a, fut, b, c, return_exceptions=True)")
    res = await asyncio.gather(a, fut, b, c, return_exceptions=True)
    for i, item in enumerate(res):
        trace(f"main: item {i}: {fmt(item)}")
    trace(f"main: fut.cancelled()={fut.cancelled()} b.cancelled()={b.cancelled()}")
    try:
        await b
    except asyncio.CancelledError as e:
        trace(f"main: await b raised {fmt(e)}")


run(main())
