# A gather whose children are all done already is itself done when gather()
# returns (its done callbacks ran eagerly), with their results or the first
# error; awaiting it goes on (or raises) at once, without a loop iteration,
# ahead of a task and a call_soon callback queued earlier.
import asyncio

from vclock import fmt, run, trace


async def sibling():
    trace("sibling: first step")


async def quick():
    return "Q"


async def main():
    loop = asyncio.get_running_loop()
    q = asyncio.create_task(quick())
    await q
    p = loop.create_future()
    p.set_result("P")
    e = loop.create_future()
    e.set_exception(ValueError("early"))
    s = asyncio.create_task(sibling())
    loop.call_soon(lambda: trace("call_soon callback"))

    g = asyncio.gather(p, q)
    trace(f"main: gather(p, q) done={g.done()}")
    trace(f"main: await -> {fmt(await g)}")
    g = asyncio.gather(p, e, q)
    trace(f"main: gather(p, e, q) done={g.done()} exception={fmt(g.exception())}")
    try:
        await g
    except ValueError as exc:
        trace(f"main: await raised {fmt(exc)}")
    g = asyncio.gather(e, p, return_exceptions=True)
    trace(f"main: gather(e, p, return_exceptions=True) done={g.done()}")
    trace(f"main: await -> {fmt(await g)}")
    trace("main: yielding with sleep(0)")
    await asyncio.sleep(0)
    trace("main: resumed")
    await s


run(main())
