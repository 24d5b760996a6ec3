# wait(FIRST_COMPLETED) wakes one iteration after the first completion
# callback releases it, and builds its sets only then: a task that finished
# in the iteration in between (a sleep(0) race) is in done too, while a task
# one sleep(0) slower is still pending.
import asyncio

from vclock import run, trace


async def worker(name, yields):
    trace(f"{name}: started")
    for _ in range(yields):
        await asyncio.sleep(0)
    trace(f"{name}: finished")
    return name


def names(tasks, group):
    return "[" + ", ".join(t.get_name() for t in tasks if t in group) + "]"


async def main():
    tasks = [
        asyncio.create_task(worker("a", 0), name="a"),
        asyncio.create_task(worker("b", 1), name="b"),
        asyncio.create_task(worker("c", 2), name="c"),
    ]
    trace("main: waiting for the first")
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    trace(f"main: wait returned {len(done)} done, done={names(tasks, done)} pending={names(tasks, pending)}")
    await tasks[2]
    trace(f"main: c -> {tasks[2].result()}")


run(main())
