# A TaskGroup's ExceptionGroup caught by `except ExceptionGroup` around the
# async with, in the same coroutine: the sibling is cancelled (its finally
# runs) and the handler sees both failures.
import asyncio

from vclock import run, trace


async def fail(n):
    await asyncio.sleep(1)
    raise ValueError(f"task {n}")


async def slow():
    try:
        await asyncio.sleep(10)
    finally:
        trace("slow: finally (cancelled)")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(1))
            tg.create_task(slow())
            tg.create_task(fail(2))
    except ExceptionGroup as eg:
        trace(f"main: {eg.message}: {[str(e) for e in eg.exceptions]}")
    finally:
        trace("main: finally")


run(main())
