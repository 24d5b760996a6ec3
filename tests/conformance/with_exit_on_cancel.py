# The exit of an async context manager runs when its body is cancelled: it
# sees CancelledError (cancelling() is 1), may await, and the cancellation
# then goes on, so the task ends cancelled with the message.  A cancellation
# arriving while the exit itself awaits replaces the body's error.
import asyncio

from vclock import run, trace


class Conn:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        trace(f"{self.name}: open")
        return self

    async def __aexit__(self, typ, exc, tb):
        n = asyncio.current_task().cancelling()
        trace(f"{self.name}: exit with {typ.__name__}: {exc}, cancelling={n}")
        try:
            await asyncio.sleep(0.5)
        except asyncio.CancelledError as e:
            trace(f"{self.name}: exit interrupted by {type(e).__name__}")
            raise
        trace(f"{self.name}: closed")
        return False


async def worker1():
    async with Conn("c1"):
        trace("worker1: sleeping 10")
        await asyncio.sleep(10)
        trace("worker1: not reached")
    trace("worker1: not reached either")


async def worker2():
    async with Conn("c2"):
        await asyncio.sleep(0.2)
        trace("worker2: raising ValueError")
        raise ValueError("bad reply")


async def main():
    w1 = asyncio.create_task(worker1())
    await asyncio.sleep(1)
    trace(f"main: cancel w1 -> {w1.cancel('stop')}")
    try:
        await w1
    except asyncio.CancelledError as e:
        trace(f"main: w1 raised {type(e).__name__}: {e}, cancelled={w1.cancelled()}")
    w2 = asyncio.create_task(worker2())
    await asyncio.sleep(0.5)
    trace(f"main: cancel w2 -> {w2.cancel('hurry')}")
    try:
        await w2
    except asyncio.CancelledError as e:
        trace(f"main: w2 raised {type(e).__name__}: {e}, cancelled={w2.cancelled()}")


run(main())
