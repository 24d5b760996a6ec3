# as_completed over no inputs yields nothing and ends at once, without a
# loop iteration (a task created just before has not run yet); with a
# timeout it arms no timer, so no TimeoutError ever comes from it.
import asyncio

from vclock import run, trace


async def bystander():
    trace("bystander: first step")


async def main():
    t = asyncio.create_task(bystander())
    for timeout in [None, 0.5]:
        n = 0
        async for f in asyncio.as_completed([], timeout=timeout):
            n += 1
        trace(f"main: as_completed([], timeout={timeout}) yielded {n}")
    await asyncio.sleep(1)
    trace("main: slept past the timeout")
    await t


run(main())
