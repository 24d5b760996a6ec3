# asyncio.run's main task is Task-1; unnamed tasks count on from there (in
# 3.13 a task given a name takes no number); current_task() is the task
# whose step is running, and None in a plain callback; all_tasks() counts
# the tasks not yet done, the running main task included.
import asyncio

from vclock import run, trace


async def show():
    trace(f"step of {asyncio.current_task().get_name()}")
    await asyncio.sleep(0)


def in_callback():
    trace(f"in a callback current_task() is {asyncio.current_task()}")


async def main():
    trace(f"main is {asyncio.current_task().get_name()}, all_tasks={len(asyncio.all_tasks())}")
    a = asyncio.create_task(show())
    b = asyncio.create_task(show(), name="worker")
    c = asyncio.create_task(show())
    asyncio.get_running_loop().call_soon(in_callback)
    trace(f"created {a.get_name()}, {b.get_name()}, {c.get_name()}; all_tasks={len(asyncio.all_tasks())}")
    c.set_name("renamed")
    await a
    trace(f"a done: all_tasks={len(asyncio.all_tasks())}")
    await b
    await c
    trace(f"all done: all_tasks={len(asyncio.all_tasks())}")


run(main())
