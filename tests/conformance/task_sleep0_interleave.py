# sleep(0) gives the loop exactly one iteration: two tasks that print and
# yield alternate step by step, in lockstep with a callback that re-queues
# itself once per iteration.
import asyncio

from vclock import run, trace


def tick(loop, n):
    trace(f"tick {n}")
    if n < 4:
        loop.call_soon(tick, loop, n + 1)


async def worker(name, rounds):
    for i in range(rounds):
        trace(f"{name} round {i}")
        await asyncio.sleep(0)
    trace(f"{name} done")


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(worker("A", 3))
    loop.call_soon(tick, loop, 0)
    b = asyncio.create_task(worker("B", 2))
    await a
    trace("main: A finished")
    await b
    trace("main: B finished")


run(main())
