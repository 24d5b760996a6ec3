# Leaving a TaskGroup's body waits for every task of the group: the body
# ends at 0.5, the group exits only when the slowest task finishes at 3.0,
# and the tasks' results are ready after the `async with`.  Tasks start in
# the iteration after the body creates them, in creation order.
import asyncio

from vclock import run, trace


async def worker(n, delay):
    trace(f"worker {n}: start, sleeping {delay}")
    await asyncio.sleep(delay)
    trace(f"worker {n}: done")
    return n * 100


async def main():
    trace("main: entering group")
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(worker(1, 1.0))
        t2 = tg.create_task(worker(2, 3.0))
        t3 = tg.create_task(worker(3, 2.0))
        trace("body: created 3 tasks, sleeping 0.5")
        await asyncio.sleep(0.5)
        trace(f"body: leaving, done={t1.done()},{t2.done()},{t3.done()}")
    trace(f"main: group exited, done={t1.done()},{t2.done()},{t3.done()}")
    trace(f"main: results {t1.result()} {t2.result()} {t3.result()}")


run(main())
