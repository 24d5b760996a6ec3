# Cancelling a task blocked in asyncio.wait raises CancelledError out of the
# wait in that task, but does not cancel the futures it was waiting for:
# they keep running and finish with their results.
import asyncio

from vclock import run, trace


async def worker(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return name


async def waiter(tasks):
    trace("waiter: waiting")
    try:
        await asyncio.wait(tasks)
        trace("waiter: not reached")
    except asyncio.CancelledError as e:
        trace(f"waiter: wait raised {type(e).__name__}: {e}")
        raise


async def main():
    tasks = [
        asyncio.create_task(worker("a", 0.3), name="a"),
        asyncio.create_task(worker("b", 0.5), name="b"),
    ]
    w = asyncio.create_task(waiter(tasks))
    await asyncio.sleep(0.1)
    trace(f"main: cancel waiter -> {w.cancel('stop waiting')}")
    try:
        await w
    except asyncio.CancelledError:
        trace(f"main: waiter cancelled={w.cancelled()}")
    for t in tasks:
        trace(f"main: {t.get_name()} done={t.done()} cancelled={t.cancelled()}")
    for t in tasks:
        r = await t
        trace(f"main: {t.get_name()} -> {r}")


run(main())
