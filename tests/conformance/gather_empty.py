# gather() of nothing is a future already done with an empty list: awaiting
# it goes on at once, without a loop iteration, so the main coroutine runs
# ahead of a task created earlier and of a call_soon callback queued earlier.
import asyncio

from vclock import fmt, run, trace


async def sibling():
    trace("sibling: first step")


async def main():
    loop = asyncio.get_running_loop()
    s = asyncio.create_task(sibling())
    loop.call_soon(lambda: trace("call_soon callback"))
    g = asyncio.gather()
    trace(f"main: gather() done={g.done()} result={fmt(g.result())}")
    trace(f"main: await gather() -> {fmt(await g)}")
    res = await asyncio.gather(return_exceptions=True)
    trace(f"main: await gather(return_exceptions=True) -> {fmt(res)}")
    trace("main: yielding with sleep(0)")
    await asyncio.sleep(0)
    trace("main: resumed")
    await s


run(main())
