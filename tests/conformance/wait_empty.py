# asyncio.wait on an empty list raises ValueError at once, before any loop
# iteration (a task created just before has not run yet), whatever the
# return_when and even with a timeout; the message is asyncio's.
import asyncio

from vclock import run, trace


async def bystander():
    trace("bystander: first step")


async def main():
    t = asyncio.create_task(bystander())
    for timeout, when in [(None, asyncio.ALL_COMPLETED), (1, asyncio.FIRST_COMPLETED)]:
        try:
            await asyncio.wait([], timeout=timeout, return_when=when)
            trace("main: not reached")
        except ValueError as e:
            trace(f"main: wait([], timeout={timeout}, {when}) raised {type(e).__name__}: {e}")
    await t
    trace("main: done")


run(main())
