# An exception raised in a finally block replaces the one in flight, which
# becomes its __context__; the finally block awaited first.
import asyncio

from vclock import run, trace


async def job():
    try:
        await asyncio.sleep(1)
        raise ValueError("in body")
    finally:
        trace("job: finally")
        await asyncio.sleep(1)
        raise RuntimeError("in finally")


async def main():
    try:
        await job()
    except Exception as e:
        c = e.__context__
        trace(f"main: {type(e).__name__}: {e}; context: {type(c).__name__}: {c}")


run(main())
