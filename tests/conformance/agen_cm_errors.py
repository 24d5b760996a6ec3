# @asynccontextmanager's own errors: a generator that returns before
# yielding ("generator didn't yield", the body not run); one that yields
# twice after a normal body ("generator didn't stop"), or yields again
# after the body's error was thrown in ("generator didn't stop after
# athrow()", whose context is the body's error); either way it is closed
# (aclose runs its finally).  An error raised while setting up comes out
# as it is, the body not run.
import asyncio
from contextlib import asynccontextmanager

from vclock import run, trace


@asynccontextmanager
async def nothing():
    trace("cm: returning without a yield")
    await asyncio.sleep(0.5)
    if False:
        yield


@asynccontextmanager
async def twice():
    try:
        yield "first"
        trace("cm: yielding again")
        yield "second"
    finally:
        trace("cm: closed by aclose")


@asynccontextmanager
async def stubborn():
    try:
        yield "resource"
    except ValueError as e:
        trace(f"cm: ignoring {type(e).__name__}({e}) and yielding")
        yield "again"
    finally:
        trace("cm: closed by aclose")


@asynccontextmanager
async def broken():
    await asyncio.sleep(0.25)
    raise OSError("no route to host")
    yield


async def attempt(label, cm, fail=False):
    try:
        async with cm as value:
            trace(f"{label}: body with {value}")
            await asyncio.sleep(1)
            if fail:
                raise ValueError("body failed")
        trace(f"{label}: after the block")
    except Exception as e:
        ctx = e.__context__
        trace(f"{label}: {type(e).__name__}({e}) context={type(ctx).__name__}({ctx})"
              if ctx else f"{label}: {type(e).__name__}({e})")


async def main():
    await attempt("nothing", nothing())
    await attempt("twice", twice())
    await attempt("stubborn", stubborn(), fail=True)
    await attempt("broken", broken())


run(main())
