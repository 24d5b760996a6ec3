# wait_for(aw, None) waits as long as it takes: a task finishing after an
# hour is waited for.  A plain future resolved later from a callback is
# waited for too (with and without a timeout) and returns its result
# without being cancelled.
import asyncio

from vclock import run, trace


async def slow():
    await asyncio.sleep(3600)
    trace("slow: returning 'late'")
    return "late"


def resolve(fut, value):
    trace(f"callback: set_result({value})")
    fut.set_result(value)


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(slow())
    r = await asyncio.wait_for(t, None)
    trace(f"main: wait_for(slow, None) returned {r}")
    fut = loop.create_future()
    loop.call_later(2.5, resolve, fut, 10)
    r = await asyncio.wait_for(fut, 5)
    trace(f"main: wait_for(future, 5) returned {r}, cancelled={fut.cancelled()}")
    fut = loop.create_future()
    loop.call_later(100, resolve, fut, 20)
    r = await asyncio.wait_for(fut, None)
    trace(f"main: wait_for(future, None) returned {r}")
    await asyncio.sleep(5)
    trace(f"main: done, cancelling={asyncio.current_task().cancelling()}")


run(main())
