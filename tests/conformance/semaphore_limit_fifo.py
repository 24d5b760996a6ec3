# A Semaphore(2) lets at most two of five workers inside `async with sem:`
# at a time; the other three queue and enter in the FIFO order of their
# acquire calls as units come back, whatever order the holders leave in.
import asyncio

from vclock import run, trace

inside = 0
peak = 0


async def worker(sem, i, work):
    global inside, peak
    trace(f"w{i}: acquiring, locked={sem.locked()}")
    async with sem:
        inside += 1
        peak = max(peak, inside)
        trace(f"w{i}: enter, inside={inside}, value={sem._value}")
        await asyncio.sleep(work)
        inside -= 1
        trace(f"w{i}: leave")


async def main():
    sem = asyncio.Semaphore(2)
    works = [3, 1, 2.5, 0.75, 1.25]
    tasks = [asyncio.create_task(worker(sem, i, w)) for i, w in enumerate(works)]
    for t in tasks:
        await t
    trace(f"main: peak={peak}, value={sem._value}, locked={sem.locked()}")


run(main())
