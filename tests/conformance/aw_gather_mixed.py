# gather(task, coroutine, future, coroutine, return_exceptions=True): the
# task and the future are waited for as they are, the coroutines wrapped
# in tasks; one of them raises, and its error comes back in its place.
import asyncio

from vclock import fmt, run, trace


async def child(name, delay, fail=False):
    trace(f"{name}: runs in {asyncio.current_task().get_name()}")
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"{name} failed")
    return name


def set_later(fut):
    trace("callback: future set")
    fut.set_result(7)


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(child("t", 2))
    fut = loop.create_future()
    loop.call_later(1.5, set_later, fut)
    trace("main: gather(t, x, fut, y, return_exceptions=True)")
    res = await asyncio.gather(t, child("x", 1, fail=True), fut, child("y", 0.5), return_exceptions=True)
    trace(f"main: gather -> {fmt(res)}")


run(main())
