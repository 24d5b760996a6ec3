# A waiter cancelled in the same iteration in which release() woke it does
# not take the lock: its acquire() raises CancelledError and hands the
# wake-up on to the next waiter, which acquires the lock in that same
# iteration, so the wake-up is not lost and the queue keeps its order.
import asyncio

from vclock import run, trace


async def waiter(lock, name):
    trace(f"{name}: acquiring")
    try:
        r = await lock.acquire()
    except asyncio.CancelledError as e:
        trace(f"{name}: acquire raised {type(e).__name__}, locked={lock.locked()}")
        raise
    trace(f"{name}: acquire -> {r}")
    await asyncio.sleep(0.5)
    lock.release()
    trace(f"{name}: released")


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    names = ["a", "b", "c"]
    tasks = [asyncio.create_task(waiter(lock, name)) for name in names]
    await asyncio.sleep(1)
    lock.release()
    r = tasks[0].cancel()
    trace(f"main: released, cancel(a) -> {r}, locked={lock.locked()}")
    for name, t in zip(names, tasks):
        try:
            await t
            trace(f"main: {name} finished")
        except asyncio.CancelledError:
            trace(f"main: {name} cancelled={t.cancelled()}")
    trace(f"main: locked={lock.locked()}")


run(main())
