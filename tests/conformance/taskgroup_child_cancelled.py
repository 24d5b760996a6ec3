# A group task that ends cancelled because another task cancelled it on its
# own (not through the group) does not abort the TaskGroup: the other tasks
# and the body go on, the group exits normally, and the victim reports
# cancelled() with its message while the others have their results.
import asyncio

from vclock import run, trace


async def victim():
    trace("victim: sleeping 10")
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"victim: {type(e).__name__}: {e}")
        raise


async def killer(target):
    await asyncio.sleep(1)
    trace(f"killer: cancel victim -> {target.cancel('by killer')}")


async def steady():
    await asyncio.sleep(2)
    trace("steady: done")
    return "ok"


async def main():
    async with asyncio.TaskGroup() as tg:
        v = tg.create_task(victim())
        tg.create_task(killer(v))
        s = tg.create_task(steady())
        trace("body: sleeping 1.5")
        await asyncio.sleep(1.5)
        trace(f"body: still running, victim.cancelled()={v.cancelled()}")
    trace(f"main: group exited normally at steady's end, result {s.result()}")
    try:
        v.result()
    except asyncio.CancelledError as e:
        trace(f"main: victim.result() raised {type(e).__name__}: {e}")
    trace(f"main: cancelling()={asyncio.current_task().cancelling()}")


run(main())
