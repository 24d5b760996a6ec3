# asyncio.wait with the default ALL_COMPLETED returns only once every task is
# done, whatever order they finish in: the pending set is empty and each
# task's result is then available without waiting.
import asyncio

from vclock import run, trace


async def worker(name, delay, result):
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return result


def names(tasks, group):
    return "[" + ", ".join(t.get_name() for t in tasks if t in group) + "]"


async def main():
    tasks = [
        asyncio.create_task(worker("a", 0.3, 1), name="a"),
        asyncio.create_task(worker("b", 0.1, 2), name="b"),
        asyncio.create_task(worker("c", 0.2, 3), name="c"),
    ]
    trace("main: waiting for all")
    done, pending = await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)
    trace(f"main: wait returned {len(done)} done, done={names(tasks, done)} pending={names(tasks, pending)}")
    for t in tasks:
        trace(f"main: {t.get_name()} -> {t.result()}")


run(main())
