# When the main coroutine returns, asyncio.run cancels the tasks still
# pending and runs the loop until they finish: a task created just before
# main returns still gets its first step, and a leftover task's cleanup may
# await (the clock moves on to 0.750) before asyncio.run returns.
import asyncio

from vclock import run, trace


async def forever(name):
    trace(f"{name}: started")
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError as e:
        trace(f"{name}: cancelled at shutdown ({type(e).__name__}), cleaning up")
        await asyncio.sleep(0.25)
        trace(f"{name}: cleanup done")
        raise


async def quiet():
    trace("late: started")
    await asyncio.sleep(3600)


async def main():
    leftover = asyncio.create_task(forever("leftover"))
    await asyncio.sleep(0.5)
    late = asyncio.create_task(quiet())
    trace(f"main: returning, leftover.done()={leftover.done()}, late.done()={late.done()}")
    return "main result"


trace_result = run(main())
print(f"run returned {trace_result}")
