# raise ... from: __cause__ is set and the context no longer shown
# (__suppress_context__), though __context__ is still the handled error;
# from None shows neither.
import asyncio

from vclock import run, trace


async def convert(mode):
    try:
        await asyncio.sleep(0.5)
        raise ValueError("raw")
    except ValueError as e:
        await asyncio.sleep(0.5)
        if mode == "from":
            raise RuntimeError("wrapped") from e
        raise RuntimeError("hidden") from None


async def main():
    for mode in ("from", "none"):
        try:
            await convert(mode)
        except RuntimeError as e:
            cause = e.__cause__
            trace(f"{mode}: {e}, cause: {type(cause).__name__ if cause else None}({cause or ''}), "
                  f"context: {type(e.__context__).__name__}, suppress: {e.__suppress_context__}")


run(main())
