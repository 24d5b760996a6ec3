# notify(n) wakes the n longest-waiting tasks in FIFO order and
# notify_all() the rest; a woken task re-acquires the lock before wait()
# returns True, so the woken tasks run one at a time, in order, once the
# notifier has released the lock.  notify(n) beyond the waiters is fine.
import asyncio

from vclock import run, trace


async def waiter(cond, name, delay):
    await asyncio.sleep(delay)
    async with cond:
        trace(f"{name}: waiting")
        r = await cond.wait()
        trace(f"{name}: wait -> {r}, locked={cond.locked()}")
        await asyncio.sleep(0.1)
        trace(f"{name}: releasing")


async def main():
    cond = asyncio.Condition()
    names = ["a", "b", "c", "d", "e"]
    delays = [0.5, 0.1, 0.3, 0.2, 0.4]
    tasks = [asyncio.create_task(waiter(cond, n, d)) for n, d in zip(names, delays)]
    await asyncio.sleep(1)
    for how, n in [("notify(1)", 1), ("notify(2)", 2), ("notify_all", None), ("notify(3)", 3)]:
        async with cond:
            if n is None:
                cond.notify_all()
            else:
                cond.notify(n)
            trace(f"main: {how}, still holding the lock")
            await asyncio.sleep(0.2)
            trace("main: releasing")
        await asyncio.sleep(1)
    for t in tasks:
        await t


run(main())
