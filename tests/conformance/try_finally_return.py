# return inside the try body and inside a handler: the finally block runs,
# and may await, before the caller gets the value.
import asyncio

from vclock import run, trace


async def compute(fail):
    try:
        await asyncio.sleep(1)
        if fail:
            raise ValueError("no")
        trace("compute: returning 1")
        return 1
    except ValueError:
        await asyncio.sleep(0.5)
        trace("compute: handler returning 2")
        return 2
    finally:
        trace("compute: finally")
        await asyncio.sleep(0.25)
        trace("compute: finally done")


async def main():
    trace(f"main: got {await compute(False)}")
    trace(f"main: got {await compute(True)}")


run(main())
