# except* ValueError around a TaskGroup handles the group's ValueErrors,
# awaiting in the handler; the rest goes on as a group with the same
# message, which the caller catches.
import asyncio

from vclock import run, trace


async def fail(exc):
    await asyncio.sleep(1)
    raise exc


async def group():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(ValueError("v1")))
            tg.create_task(fail(TypeError("t1")))
            tg.create_task(fail(ValueError("v2")))
    except* ValueError as eg:
        trace(f"group: except* ValueError: {eg.message} {[str(e) for e in eg.exceptions]}")
        await asyncio.sleep(0.5)
        trace("group: handler done")
    trace("group: not reached")


async def main():
    try:
        await group()
    except ExceptionGroup as eg:
        trace(f"main: {eg.message} {[f'{type(e).__name__}({e})' for e in eg.exceptions]}")


run(main())
