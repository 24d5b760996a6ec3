# Sleeps started together wake in deadline order, whatever order they began
# in; equal deadlines wake in the order their timers were scheduled, even a
# deadline reached in two steps (0.1 + 0.1) by a task that slept twice.  The
# sleeps overlap: the whole run takes 0.3, not their sum.
import asyncio

from vclock import run, trace


async def sleeper(name, delays):
    for d in delays:
        await asyncio.sleep(d)
        trace(f"{name} woke after {d}")
    return name


async def main():
    plan = [("a", [0.3]), ("b", [0.1]), ("c", [0.2]), ("d", [0.1, 0.1]), ("e", [0.1])]
    tasks = [asyncio.create_task(sleeper(n, ds)) for n, ds in plan]
    trace("main: all started")
    for t in tasks:
        trace(f"main: {await t} finished")


run(main())
