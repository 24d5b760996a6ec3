# Nested TaskGroups: a task of the outer group runs an inner group whose task
# fails; the inner group raises its ExceptionGroup, which fails that task, so
# the outer group aborts and its own ExceptionGroup holds the inner group as
# a nested ExceptionGroup, next to an error from a cancelled sibling.
import asyncio

from vclock import run, trace


def show(e, depth=0):
    pad = "  " * depth
    if isinstance(e, BaseExceptionGroup):
        trace(f"{pad}{type(e).__name__}: {e.message} [{len(e.exceptions)}]")
        for c in e.exceptions:
            show(c, depth + 1)
    else:
        trace(f"{pad}{type(e).__name__}: {e}")


async def inner_fail():
    await asyncio.sleep(1)
    trace("inner-fail: raising ValueError")
    raise ValueError("inner failure")


async def inner_sibling():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("inner-sibling: cancelled")
        raise


async def runs_inner_group():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(inner_fail())
        tg.create_task(inner_sibling())
        await asyncio.sleep(10)
    trace("runs-inner-group: not reached")


async def outer_sibling():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace("outer-sibling: cancelled, cleanup for 0.25")
        await asyncio.sleep(0.25)
        trace("outer-sibling: cleanup raising TypeError")
        raise TypeError("outer cleanup failed")


async def outer():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(runs_inner_group())
        tg.create_task(outer_sibling())
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            trace("outer body: cancelled")
            raise


async def main():
    try:
        await outer()
    except ExceptionGroup as eg:
        trace("main: caught")
        show(eg)


run(main())
