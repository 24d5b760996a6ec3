# loop.run_in_executor on an executor of one thread: the jobs run in the
# order they were submitted, and their futures finish in that order, so
# their done callbacks run in that order on the loop, before the awaiter
# of the last one resumes.  Awaiting them in reverse order: the first await
# waits for the last job, the others are already done and return at once.
import asyncio
import concurrent.futures

from vclock import note

ran = []    # appended by the one worker


def job(i):
    ran.append(i)
    return i * i


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        futs = [loop.run_in_executor(pool, job, i) for i in range(4)]
        for i, fut in enumerate(futs):
            fut.add_done_callback(lambda f, i=i: note(f"callback: job {i} done -> {f.result()}"))
        note("submitted four jobs")
        for i in reversed(range(4)):
            note(f"await job {i} -> {await futs[i]}")
        note(f"the worker ran them in the order {ran}")


asyncio.run(main())
