# `except*` on a TaskGroup's failure with two error types: each clause gets
# the part of the group that matches it (split by type, same message, the
# order kept), one clause after the other; with everything handled nothing
# propagates.  An error type no clause names would propagate as the rest.
import asyncio

from vclock import run, trace


async def fail_now():
    await asyncio.sleep(1)
    trace("a: raising ValueError")
    raise ValueError("a")


async def fail_in_cleanup(name, cleanup, exc):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.sleep(cleanup)
        trace(f"{name}: cleanup raising {type(exc).__name__}")
        raise exc


async def group(extra):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fail_now())
        tg.create_task(fail_in_cleanup("b", 0.25, TypeError("b")))
        tg.create_task(fail_in_cleanup("c", 0.5, ValueError("c")))
        if extra:
            tg.create_task(fail_in_cleanup("d", 0.75, RuntimeError("d")))


async def handle(extra):
    try:
        await group(extra)
    except* ValueError as eg:
        trace(f"except* ValueError: {type(eg).__name__}: {eg.message} "
              f"[{', '.join(str(e) for e in eg.exceptions)}]")
    except* TypeError as eg:
        trace(f"except* TypeError: {type(eg).__name__}: {eg.message} "
              f"[{', '.join(str(e) for e in eg.exceptions)}]")
    trace("handle: after the try")


async def main():
    await handle(False)
    try:
        await handle(True)
    except ExceptionGroup as eg:
        trace(f"main: rest propagated: {type(eg).__name__}: {eg.message} "
              f"[{', '.join(type(e).__name__ for e in eg.exceptions)}]")


run(main())
