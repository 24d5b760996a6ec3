# Task.cancel(msg) is delivered to the innermost coroutine of a chain of
# `await coro()` calls (two levels deep, all in one task).  Each level's
# except clause sees CancelledError with the same message as it unwinds (a
# level may await during its cleanup), and so does the task's awaiter.
import asyncio

from vclock import run, trace


async def leaf():
    trace("leaf: sleeping 10")
    try:
        await asyncio.sleep(10)
        trace("leaf: not reached")
    except asyncio.CancelledError as e:
        trace(f"leaf: caught {type(e).__name__}: {e}")
        raise


async def middle():
    try:
        await leaf()
        trace("middle: not reached")
    except asyncio.CancelledError as e:
        trace(f"middle: caught {type(e).__name__}: {e}, cleaning up")
        await asyncio.sleep(0.25)
        trace("middle: cleanup done, re-raising")
        raise


async def outer():
    try:
        await middle()
        trace("outer: not reached")
    except asyncio.CancelledError as e:
        trace(f"outer: caught {type(e).__name__}: {e}, cancelling={asyncio.current_task().cancelling()}")
        raise


async def main():
    task = asyncio.create_task(outer())
    await asyncio.sleep(2)
    trace(f"main: cancel('deep') -> {task.cancel('deep')}")
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"main: task raised {type(e).__name__}: {e}, cancelled={task.cancelled()}")


run(main())
