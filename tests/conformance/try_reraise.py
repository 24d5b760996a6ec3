# A bare raise in a handler re-raises the same exception object after the
# handler's awaits; the caller catches that very object, whose context is
# still empty (re-raising what is handled adds no context).
import asyncio

from vclock import run, trace

saved = None


async def inner():
    global saved
    try:
        await asyncio.sleep(0.5)
        raise ValueError("inner")
    except ValueError as e:
        saved = e
        trace(f"inner: handling {e}")
        await asyncio.sleep(0.5)
        trace("inner: re-raising")
        raise


async def main():
    try:
        await inner()
    except ValueError as e:
        trace(f"main: caught {type(e).__name__}: {e}, same object: {e is saved}, "
              f"context: {e.__context__}")


run(main())
