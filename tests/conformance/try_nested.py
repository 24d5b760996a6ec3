# try statements nest: an async with timeout and a try inside a handler
# (the inner error's context is the outer handled one), a try inside the
# finally block (nothing handled there: no context).
import asyncio

from vclock import run, trace


async def main():
    try:
        await asyncio.sleep(0.5)
        raise ValueError("outer")
    except ValueError as outer:
        trace(f"handler: {outer}")
        try:
            async with asyncio.timeout(0.5):
                await asyncio.sleep(1)
        except TimeoutError:
            trace("handler: inner timeout caught")
        try:
            raise RuntimeError("inner")
        except RuntimeError as e:
            trace(f"handler: inner {e}, context {e.__context__}")
        trace(f"handler: still handling {outer}")
    finally:
        try:
            await asyncio.sleep(0.25)
            raise TypeError("in finally")
        except TypeError as e:
            trace(f"finally: caught {e}, context {e.__context__}")
        trace("finally: done")


run(main())
