# as_completed of coroutines, with a timeout: each becomes a task the
# iterator owns; nexts give them as they finish (awaited for their
# results), then TimeoutError; the task still running goes on to its end.
# (asyncio makes the tasks in a set's order, so nothing here depends on
# which was made first.)
import asyncio

from vclock import run, trace


async def child(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: done")
    return name


async def main():
    try:
        async for t in asyncio.as_completed([child("a", 3), child("b", 1), child("c", 2)], timeout=2.5):
            trace(f"main: next -> {await t}")
    except TimeoutError as e:
        trace(f"main: next raised {type(e).__name__}")
    await asyncio.sleep(1)
    trace("main: end")


run(main())
