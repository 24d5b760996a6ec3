# Two Conditions built on one Lock share its state: holding the lock, by
# itself or through either condition, makes every one of them locked(),
# wait() on one frees the lock for all, and notify() on one condition wakes
# only that condition's waiters.
import asyncio

from vclock import run, trace


async def waiter(cond, lock, name):
    async with cond:
        trace(f"{name}: waiting")
        r = await cond.wait()
        trace(f"{name}: wait -> {r}, lock.locked={lock.locked()}")
        await asyncio.sleep(0.25)
        trace(f"{name}: releasing")


async def main():
    lock = asyncio.Lock()
    ca = asyncio.Condition(lock)
    cb = asyncio.Condition(lock)
    trace(f"main: ca.locked={ca.locked()} cb.locked={cb.locked()}")
    ta = asyncio.create_task(waiter(ca, lock, "a"))
    tb = asyncio.create_task(waiter(cb, lock, "b"))
    await asyncio.sleep(0.5)
    trace(f"main: both waiting, lock.locked={lock.locked()}")
    async with lock:
        trace(f"main: holding the lock, ca.locked={ca.locked()} cb.locked={cb.locked()}")
        cb.notify_all()
        trace("main: cb.notify_all()")
    await asyncio.sleep(0.1)
    trace(f"main: a done={ta.done()}, ca.locked={ca.locked()}")
    await asyncio.sleep(1)
    trace(f"main: a done={ta.done()}, b done={tb.done()}")
    async with ca:
        trace(f"main: in `async with ca`, lock.locked={lock.locked()}")
        cb.notify(1)
        ca.notify(1)
        trace("main: cb.notify(1), ca.notify(1)")
    await ta
    await tb
    trace(f"main: lock.locked={lock.locked()}")


run(main())
