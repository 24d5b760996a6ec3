# Inputs already done when as_completed is called come out first, before a
# task that finishes in its very first step: their completion callbacks are
# queued at once, the task's only after it runs.  (The order between the
# done inputs follows set iteration in asyncio, so they print sorted.)
import asyncio

from vclock import run, trace


async def immediate(name):
    trace(f"{name}: finished in its first step")
    return name


async def main():
    loop = asyncio.get_running_loop()
    done_task = asyncio.create_task(immediate("done_task"), name="done_task")
    await done_task
    done_fut = loop.create_future()
    done_fut.set_result("done_fut")
    quick = asyncio.create_task(immediate("quick"), name="quick")
    trace("main: iterating")
    got = []
    async for f in asyncio.as_completed([quick, done_fut, done_task]):
        got.append(f.result())
        if len(got) == 2:
            trace(f"main: first two: {sorted(got)}")
        elif len(got) == 3:
            trace(f"main: third: {got[2]}")
    trace("main: iteration over")


run(main())
