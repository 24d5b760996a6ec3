# wait on futures that are all done already returns without the clock
# moving, but not synchronously: their completion callbacks run in the next
# iteration and the waiting task resumes in the one after, as a ticker
# task doing sleep(0) shows.
import asyncio

from vclock import run, trace


async def quick():
    return "quick"


async def ticker():
    for i in range(4):
        trace(f"ticker: tick {i}")
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.set_result(42)
    t = asyncio.create_task(quick())
    await t
    trace(f"main: fut done={fut.done()}, t done={t.done()}")
    tick = asyncio.create_task(ticker())
    trace("main: waiting")
    done, pending = await asyncio.wait([fut, t], timeout=10)
    trace(f"main: wait returned {len(done)} done, {len(pending)} pending")
    done, pending = await asyncio.wait([t], return_when=asyncio.FIRST_COMPLETED)
    trace(f"main: wait returned {len(done)} done, {len(pending)} pending")
    await tick


run(main())
