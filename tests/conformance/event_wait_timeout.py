# Event.wait() under asyncio.timeout(): a waiter whose deadline passes
# first leaves with TimeoutError and set() later wakes only the others.  On
# a set event wait() returns True without suspending, so even timeout(0)
# does not fire; after clear() the same timeout(0) wait times out.
import asyncio

from vclock import run, trace


async def timed_wait(ev, limit):
    async with asyncio.timeout(limit):
        return await ev.wait()


async def waiter(ev, name, limit):
    trace(f"{name}: waiting, timeout {limit}")
    try:
        r = await timed_wait(ev, limit)
        trace(f"{name}: wait -> {r}")
    except TimeoutError as e:
        trace(f"{name}: {type(e).__name__}, is_set={ev.is_set()}")


async def main():
    ev = asyncio.Event()
    a = asyncio.create_task(waiter(ev, "a", 0.5))
    b = asyncio.create_task(waiter(ev, "b", 2))
    c = asyncio.create_task(waiter(ev, "c", 0.75))
    await asyncio.sleep(1)
    trace(f"main: a done={a.done()}, b done={b.done()}, c done={c.done()}, setting")
    ev.set()
    await b
    await waiter(ev, "d", 0)
    ev.clear()
    await waiter(ev, "e", 0)
    await a
    await c
    trace(f"main: is_set={ev.is_set()}")


run(main())
