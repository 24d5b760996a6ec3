# `await coro()` runs the sub-coroutine inline in the same task: nested calls
# that never suspend finish before a callback queued beforehand gets to run;
# a sub-coroutine that does suspend (sleep(0)) lets it run in between.
import asyncio

from vclock import run, trace


async def leaf(x):
    trace(f"leaf({x}) returns {x + 1}")
    return x + 1


async def middle(x):
    trace(f"middle({x}) awaits leaf")
    y = await leaf(x)
    trace(f"middle got {y}, returns {y * 10}")
    return y * 10


async def yielding():
    trace("yielding: sleep(0)")
    await asyncio.sleep(0)
    trace("yielding: resumed")
    return "y"


async def main():
    asyncio.get_running_loop().call_soon(trace, "callback")
    r = await middle(1)
    trace(f"main got {r}, callback has not run")
    s = await yielding()
    trace(f"main got {s}")


run(main())
