# Event.set() wakes every task blocked in wait(), in the order they began
# waiting, and each wait() returns True; is_set() is True from set() on,
# and a second set() on a set event changes nothing.
import asyncio

from vclock import run, trace


async def waiter(ev, name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: waiting, is_set={ev.is_set()}")
    r = await ev.wait()
    trace(f"{name}: wait -> {r}, is_set={ev.is_set()}")


async def main():
    ev = asyncio.Event()
    tasks = [asyncio.create_task(waiter(ev, name, delay))
             for name, delay in [("a", 0.3), ("b", 0.1), ("c", 0.2)]]
    await asyncio.sleep(1)
    trace(f"main: setting, is_set={ev.is_set()}")
    ev.set()
    trace(f"main: set, is_set={ev.is_set()}")
    ev.set()
    trace(f"main: set again, is_set={ev.is_set()}")
    for t in tasks:
        await t
    trace(f"main: all woke, is_set={ev.is_set()}")


run(main())
