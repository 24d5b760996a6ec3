# CPython hands out the CancelledError that left a cancelled task only once:
# the first reader (here the awaiter) gets it with its message, later reads
# (await again, result()) get a fresh CancelledError without one.  A task
# cancelled as it returned (must_cancel) keeps its message for every read.
import asyncio

from vclock import run, trace


async def sleeper():
    await asyncio.sleep(10)


async def quitter():
    asyncio.current_task().cancel("as it returned")
    return 42


async def read_twice(name, task):
    for i in (1, 2):
        try:
            await task
        except asyncio.CancelledError as e:
            trace(f"{name}: await #{i} raised CancelledError: '{e}'")
    try:
        task.result()
    except asyncio.CancelledError as e:
        trace(f"{name}: result() raised CancelledError: '{e}'")


async def main():
    sleepy = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    sleepy.cancel("raised inside")
    await read_twice("sleeper", sleepy)
    await read_twice("quitter", asyncio.create_task(quitter()))


run(main())
