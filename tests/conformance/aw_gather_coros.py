# gather of coroutines: each becomes a task, made in argument order before
# the gather waits (so named Task-2, Task-3, Task-4), started in that order
# in the next iteration; the results come back in argument order.
import asyncio

from vclock import fmt, run, trace


async def child(name, delay):
    trace(f"{name}: runs in {asyncio.current_task().get_name()}")
    await asyncio.sleep(delay)
    trace(f"{name}: done")
    return name


async def main():
    trace("main: gather(a, b, c)")
    res = await asyncio.gather(child("a", 3), child("b", 1), child("c", 2))
    trace(f"main: gather -> {fmt(res)}")


run(main())
