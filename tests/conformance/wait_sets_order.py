# wait() returns its done and pending sets: the futures given, each once,
# split by done() as wait returns.  FIRST_COMPLETED after the second of
# four finishes; then ALL_COMPLETED over the rest.  (Python's sets have no
# order: the twin prints them in argument order, as the C lists come.)
import asyncio

from vclock import run, trace


async def worker(name, delay):
    await asyncio.sleep(delay)
    return name


def names(tasks, group):
    return "[" + ", ".join(t.get_name() for t in tasks if t in group) + "]"


async def main():
    tasks = [asyncio.create_task(worker(n, d), name=n) for n, d in [("a", 3), ("b", 1), ("c", 2), ("d", 1)]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    trace(f"main: done={names(tasks, done)} pending={names(tasks, pending)}")
    rest = [t for t in tasks if t in pending]
    done, pending = await asyncio.wait(rest)
    trace(f"main: done={names(rest, done)} pending={names(rest, pending)}")
    for t in tasks:
        trace(f"main: {t.get_name()} -> {t.result()}")


run(main())
