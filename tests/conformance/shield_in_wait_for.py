# wait_for(shield(t), timeout): on timeout the caller gets TimeoutError but
# only the shield's outer future is cancelled; the task t is not, keeps
# running and can still be awaited for its result afterwards.
import asyncio

from vclock import run, trace


async def job():
    try:
        await asyncio.sleep(3)
    except asyncio.CancelledError:
        trace("job: cancelled (not expected)")
        raise
    trace("job: finished")
    return "result"


async def main():
    t = asyncio.create_task(job())
    try:
        await asyncio.wait_for(asyncio.shield(t), 1)
        trace("main: not reached")
    except TimeoutError as e:
        trace(f"main: {type(e).__name__}, cause {type(e.__cause__).__name__}")
    trace(f"main: job done={t.done()}, cancelled={t.cancelled()}, cancelling={t.cancelling()}")
    r = await t
    trace(f"main: job result {r}")


run(main())
