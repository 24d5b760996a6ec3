# wait_for(coroutine, 0): 3.13 wraps it in a task (Task-2) and cancels that
# task before it starts, so the coroutine never runs and TimeoutError is
# raised from its CancelledError; the next task made is Task-3.
import asyncio

from vclock import run, trace


async def work():
    trace(f"work: runs in {asyncio.current_task().get_name()}")
    return 1


async def main():
    trace("main: wait_for(work(), 0)")
    try:
        await asyncio.wait_for(work(), 0)
    except BaseException as e:
        trace(f"main: {type(e).__name__}, cause {type(e.__cause__).__name__}")
    t = asyncio.create_task(work())
    trace(f"main: the next task is {t.get_name()}")
    r = await t
    trace(f"main: -> {r}")


run(main())
