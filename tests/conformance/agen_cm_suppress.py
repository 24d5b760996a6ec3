# @asynccontextmanager deciding what happens to the body's error: a
# generator that catches it and returns swallows it (the code after the
# `async with` runs); one that re-raises it lets the same object go on;
# one that raises another error replaces it (its context is the body's
# error).  A StopAsyncIteration raised in the body is not swallowed when
# it merely passes through the generator, but is when the generator
# catches it and returns.
import asyncio
from contextlib import asynccontextmanager

from vclock import run, trace


@asynccontextmanager
async def guarded(mode):
    try:
        yield mode
    except ValueError as e:
        trace(f"cm[{mode}]: caught {type(e).__name__}({e})")
        await asyncio.sleep(0.5)
        if mode == "reraise":
            raise
        if mode == "replace":
            raise KeyError("replaced")
        trace(f"cm[{mode}]: swallowing it")


@asynccontextmanager
async def passthrough():
    yield "passthrough"


@asynccontextmanager
async def catch_stop():
    try:
        yield "catch_stop"
    except StopAsyncIteration:
        trace("cm[catch_stop]: caught StopAsyncIteration")


async def attempt(cm, err):
    try:
        async with cm as mode:
            trace(f"{mode}: raising {type(err).__name__}")
            await asyncio.sleep(1)
            raise err
        trace(f"{mode}: after the block, error swallowed")
    except BaseException as e:
        ctx = e.__context__
        tail = f" context={type(ctx).__name__}({ctx})" if ctx else ""
        trace(f"{mode}: {type(e).__name__}({e}) same={e is err}{tail}")


async def main():
    await attempt(guarded("swallow"), ValueError("v1"))
    await attempt(guarded("reraise"), ValueError("v2"))
    await attempt(guarded("replace"), ValueError("v3"))
    await attempt(guarded("other"), TypeError("not for me"))
    await attempt(passthrough(), StopAsyncIteration("stop"))
    await attempt(catch_stop(), StopAsyncIteration("stop"))


run(main())
