# A semaphore waiter cancelled after release() woke it, but before it ran,
# does not keep the unit: acquire gives it back and wakes the next waiter
# before raising CancelledError, so B gets in and nothing is lost.
import asyncio

from vclock import run, trace


async def waiter(sem, name):
    trace(f"{name}: acquiring")
    try:
        async with sem:
            trace(f"{name}: inside, value={sem._value}")
            await asyncio.sleep(1)
            trace(f"{name}: leaving")
    except asyncio.CancelledError:
        trace(f"{name}: cancelled, value={sem._value}, locked={sem.locked()}")
        raise


async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    a = asyncio.create_task(waiter(sem, "A"))
    b = asyncio.create_task(waiter(sem, "B"))
    await asyncio.sleep(0.5)
    sem.release()
    trace(f"main: released, value={sem._value}, locked={sem.locked()}")
    trace(f"main: cancel A -> {a.cancel()}")
    try:
        await a
    except asyncio.CancelledError:
        trace(f"main: A cancelled={a.cancelled()}")
    await b
    trace(f"main: B done, value={sem._value}, locked={sem.locked()}")


run(main())
