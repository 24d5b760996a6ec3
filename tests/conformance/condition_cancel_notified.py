# A waiter cancelled in the same iteration in which notify() woke it does
# not swallow the notification: its wait() re-acquires the lock, raises
# CancelledError and notifies the next waiter in its place.  A waiter
# cancelled just before notify() is skipped by it and still passes a
# wake-up on when it leaves, so two tasks wake (a spurious wake-up).
import asyncio

from vclock import run, trace


async def waiter(cond, name):
    async with cond:
        trace(f"{name}: waiting")
        try:
            r = await cond.wait()
        except asyncio.CancelledError:
            trace(f"{name}: wait cancelled, locked={cond.locked()}")
            raise
        trace(f"{name}: wait -> {r}")


async def main():
    cond = asyncio.Condition()
    names = ["a", "b", "c", "d", "e"]
    tasks = [asyncio.create_task(waiter(cond, n)) for n in names]
    await asyncio.sleep(1)
    async with cond:
        cond.notify(1)
        r = tasks[0].cancel()
        trace(f"main: notify(1), then cancel(a) -> {r}")
    await asyncio.sleep(1)
    async with cond:
        r = tasks[2].cancel()
        cond.notify(1)
        trace(f"main: cancel(c) -> {r}, then notify(1)")
    await asyncio.sleep(1)
    for n, t in zip(names, tasks):
        trace(f"main: {n} done={t.done()} cancelled={t.cancelled()}")
    trace(f"main: locked={cond.locked()}")


run(main())
