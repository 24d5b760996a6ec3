# What the combinators refuse: wait with a coroutine among tasks (3.11+),
# gather and shield with a NULL (None) item, each a TypeError in asyncio's
# words; wait given an array of tasks waits for them.
import asyncio

from vclock import run, trace


async def child(delay):
    await asyncio.sleep(delay)


def trace_error(what, e):
    trace(f"main: {what} raised {type(e).__name__}: {e}")


async def main():
    t = [asyncio.create_task(child(1)), asyncio.create_task(child(2))]
    c = child(1)
    try:
        await asyncio.wait([t[0], c])
    except TypeError as e:
        trace_error("wait([t, coro])", e)
    c.close()
    try:
        await asyncio.gather(t[0], None)
    except TypeError as e:
        trace_error("gather(t, None)", e)
    try:
        await asyncio.shield(None)
    except TypeError as e:
        trace_error("shield(None)", e)
    done, pending = await asyncio.wait(t, timeout=1.5)
    trace(f"main: wait(tasks, timeout=1.5) -> {len(done)} done, {len(pending)} pending")
    done, pending = await asyncio.wait(t, return_when=asyncio.FIRST_COMPLETED)
    trace(f"main: wait(tasks) -> {len(done)} done, {len(pending)} pending")


run(main())
