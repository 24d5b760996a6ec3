# Cancellation and @asynccontextmanager: a timeout that expires in the body
# throws CancelledError in at the yield, the generator's cleanup awaits and
# the CancelledError goes on, becoming TimeoutError outside; one that
# expires while the generator sets up cancels it there, the body never
# runs.  A task cancelled in the body, whose generator swallows
# CancelledError (and so the cancel), goes on after the block.
import asyncio
from contextlib import asynccontextmanager

from vclock import run, trace


@asynccontextmanager
async def lease(name, setup):
    trace(f"{name}: acquiring")
    try:
        await asyncio.sleep(setup)
    except asyncio.CancelledError:
        trace(f"{name}: cancelled while acquiring")
        raise
    try:
        yield name
    except asyncio.CancelledError:
        trace(f"{name}: cancelled in the body")
        if name == "swallowing":
            trace(f"{name}: swallowing it")
            return
        raise
    finally:
        trace(f"{name}: releasing")
        await asyncio.sleep(0.25)
        trace(f"{name}: released")


async def with_timeout(name, setup, timeout):
    try:
        async with asyncio.timeout(timeout):
            async with lease(name, setup) as held:
                trace(f"{name}: holding {held}")
                await asyncio.sleep(10)
    except TimeoutError:
        trace(f"{name}: TimeoutError")


async def worker():
    async with lease("swallowing", 0) as held:
        trace(f"worker: holding {held}")
        await asyncio.sleep(10)
    trace("worker: after the block")
    return "finished"


async def main():
    await with_timeout("slow-body", 0.5, 1)
    await with_timeout("slow-setup", 2, 1)
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    task.cancel()
    trace(f"main: worker gave {await task!r}, cancelling={task.cancelling()}")


run(main())
