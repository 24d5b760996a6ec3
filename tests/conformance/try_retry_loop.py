# A retry loop: the try sits in a for loop; a failed attempt backs off in
# the handler, a good one leaves the loop from else, and finally runs on
# every round, the last one included.
import asyncio

from vclock import run, trace


async def flaky(n):
    await asyncio.sleep(0.1)
    if n < 2:
        raise OSError(f"attempt {n} failed")
    return n * 10


async def main():
    for n in range(5):
        try:
            r = await flaky(n)
        except OSError as e:
            trace(f"attempt {n}: {e}, retrying")
            await asyncio.sleep(0.5)
        else:
            trace(f"attempt {n}: got {r}")
            break
        finally:
            trace(f"attempt {n}: finally")
    trace("done")


run(main())
