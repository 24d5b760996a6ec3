# One async generator consumed by two tasks one after the other: its code
# runs inside whichever task awaits anext (current_task() is that task),
# and the second task picks up where the first broke off.  While one task
# is inside anext, another task's anext raises RuntimeError ("already
# running") without disturbing it.
import asyncio

from vclock import run, trace


def me():
    return asyncio.current_task().get_name()


async def source():
    for i in range(4):
        await asyncio.sleep(0.1)
        trace(f"gen: yielding {i} in {me()}")
        yield i
    trace(f"gen: exhausted in {me()}")


async def first(gen):
    async for x in gen:
        trace(f"{me()}: got {x}")
        if x == 1:
            break
    trace(f"{me()}: done")


async def second(gen):
    async for x in gen:
        trace(f"{me()}: got {x}")
    trace(f"{me()}: done")


async def take(gen):
    try:
        trace(f"{me()}: got {await anext(gen)}")
    except RuntimeError as e:
        trace(f"{me()}: {type(e).__name__}: {e}")


async def main():
    gen = source()
    await asyncio.create_task(first(gen), name="A")
    await asyncio.sleep(1)
    await asyncio.create_task(second(gen), name="B")
    gen2 = source()
    c = asyncio.create_task(take(gen2), name="C")
    d = asyncio.create_task(take(gen2), name="D")
    await c
    await d
    await gen2.aclose()


run(main())
