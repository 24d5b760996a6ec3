# A user-defined async context manager: __aexit__ sees the body's error
# (None when it ended normally), may await before finishing, and swallows
# the error by returning True (here for ValueError and its subclasses:
# execution goes on after the block) or lets it propagate (any other error).
import asyncio

from vclock import run, trace


class ParseError(ValueError):
    pass


class Resource:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        trace(f"{self.name}: enter")
        return self

    async def __aexit__(self, typ, exc, tb):
        trace(f"{self.name}: exit with {typ.__name__ if typ else None}, closing")
        await asyncio.sleep(0.5)
        if typ is not None and issubclass(typ, ValueError):
            trace(f"{self.name}: closed, swallowing {typ.__name__}: {exc}")
            return True
        trace(f"{self.name}: closed")
        return False


async def failing():
    async with Resource("r3"):
        trace("body3: raising RuntimeError")
        raise RuntimeError("disk full")
    trace("failing: not reached")


async def main():
    async with Resource("r1"):
        trace("body1: working")
        await asyncio.sleep(1)
        trace("body1: done")
    trace("main: after r1")
    async with Resource("r2"):
        trace("body2: raising ParseError")
        raise ParseError("bad row 7")
    trace("main: after r2, the error was swallowed")
    try:
        await failing()
    except RuntimeError as e:
        trace(f"main: caught {type(e).__name__}: {e}")


run(main())
