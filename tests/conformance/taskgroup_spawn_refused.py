# TaskGroup.create_task raises RuntimeError when the group was never entered,
# while it shuts down after a failure (from the cancelled body and from a
# cancelled sibling's cleanup), and once the group has finished; the other
# tasks are unaffected; only the task created in the body runs.
import asyncio

from vclock import run, trace


async def extra():
    trace("extra: runs")


def try_spawn(who, tg):
    try:
        tg.create_task(extra())
        trace(f"{who}: created a task")
    except RuntimeError as e:
        trace(f"{who}: {type(e).__name__}: {e}")


async def failer():
    await asyncio.sleep(1)
    trace("failer: raising ValueError")
    raise ValueError("boom")


async def sibling(tg):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        try_spawn("sibling", tg)
        raise


async def group(tg):
    async with tg:
        try_spawn("body", tg)
        tg.create_task(failer())
        tg.create_task(sibling(tg))
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            try_spawn("cancelled body", tg)
            raise


async def main():
    tg = asyncio.TaskGroup()
    try_spawn("main before entering", tg)
    try:
        await group(tg)
    except ExceptionGroup as eg:
        trace(f"main: caught {type(eg).__name__} ({len(eg.exceptions)})")
    try_spawn("main after exit", tg)
    await asyncio.sleep(1)
    trace("main: done")


run(main())
