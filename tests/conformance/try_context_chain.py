# An exception raised inside a handler carries the handled one as its
# __context__ (implicit chaining): raised directly, raised in a coroutine
# awaited from the handler, or raised by awaiting a failed task there.
import asyncio

from vclock import run, trace


async def fail(msg):
    await asyncio.sleep(0.1)
    raise RuntimeError(msg)


async def step(n):
    try:
        raise ValueError(f"first {n}")
    except ValueError:
        if n == 0:
            raise TypeError("direct")
        if n == 1:
            await fail("from a coroutine")
        t = asyncio.create_task(fail("from a task"))
        await t


def describe(e):
    chain = []
    while e is not None:
        chain.append(f"{type(e).__name__}({e})")
        e = e.__cause__ or (None if e.__suppress_context__ else e.__context__)
    return " <- ".join(chain)


async def main():
    for n in range(3):
        try:
            await step(n)
        except Exception as e:
            trace(f"main: {describe(e)}")


run(main())
