# wait_for of a coroutine runs it inline (3.12+): no task is made, the
# coroutine runs in the caller's task, and when the timeout passes it is
# the caller's task that is cancelled, which the coroutine sees at its
# await; the caller gets TimeoutError and its cancelling() is back to 0.
# The next task made is Task-2: wait_for made none.
import asyncio

from vclock import run, trace


def current_name():
    return asyncio.current_task().get_name()


async def work(delay):
    trace(f"work: runs in {current_name()}")
    try:
        await asyncio.sleep(delay)
    except BaseException as e:
        trace(f"work: {type(e).__name__} in {current_name()}, cancelling={asyncio.current_task().cancelling()}")
        raise
    trace("work: done")
    return 5


async def main():
    trace(f"main: wait_for(work(1), 2) in {current_name()}")
    r = await asyncio.wait_for(work(1), 2)
    trace(f"main: -> {r}")
    trace("main: wait_for(work(5), 1)")
    try:
        await asyncio.wait_for(work(5), 1)
    except BaseException as e:
        trace(f"main: {type(e).__name__}, cause {type(e.__cause__).__name__}, "
              f"cancelling={asyncio.current_task().cancelling()}")
    t = asyncio.create_task(work(0))
    trace(f"main: the next task is {t.get_name()}")
    await t


run(main())
