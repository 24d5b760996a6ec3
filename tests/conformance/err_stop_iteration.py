# A StopIteration raised in a coroutine cannot pass for its return (PEP
# 479): the task, or the awaiter of the coroutine, gets RuntimeError
# "coroutine raised StopIteration" with the StopIteration as cause and
# context; caught inside its own coroutine it is an ordinary exception.
# A future's set_exception stores the same kind of RuntimeError, and
# awaiting None is a TypeError.
import asyncio

from vclock import run, trace


async def stops(catch):
    await asyncio.sleep(0.1)
    try:
        raise StopIteration("x")
    except StopIteration as e:
        if not catch:
            raise
        trace(f"caught inside: {e!r}")
    return "returned"


def show(e):
    cause, context = e.__cause__, e.__context__
    return f"{type(e).__name__}: {e} cause={cause!r} context is cause: {context is cause}"


async def main():
    task = asyncio.create_task(stops(False))
    try:
        await task
    except RuntimeError as e:
        trace(f"task: {show(e)}")
    try:
        await stops(False)
    except RuntimeError as e:
        trace(f"inline: {show(e)}")
    trace(f"caught: {await stops(True)}")
    fut = asyncio.get_running_loop().create_future()
    fut.set_exception(StopIteration())
    trace(f"future: {show(fut.exception())}")
    try:
        await None
    except TypeError as e:
        trace(f"await None: {type(e).__name__}: {e}")


run(main())
