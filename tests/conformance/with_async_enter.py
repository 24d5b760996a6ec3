# An async context manager whose __aenter__ and __aexit__ are coroutines
# that await: the body waits for __aenter__ and gets its result with `as`;
# __aexit__ runs on a normal end and on an error, may swallow the error by
# returning True; an error in __aenter__ skips the body and __aexit__.
import asyncio

from vclock import run, trace


class Conn:
    def __init__(self, name, fail_enter=False, swallow=False):
        self.name = name
        self.fail_enter = fail_enter
        self.swallow = swallow

    async def __aenter__(self):
        trace(f"{self.name}: connecting")
        await asyncio.sleep(0.5)
        if self.fail_enter:
            raise OSError("refused")
        trace(f"{self.name}: connected")
        return f"{self.name}-session"

    async def __aexit__(self, exc_type, exc, tb):
        trace(f"{self.name}: closing, exc={exc!r}")
        await asyncio.sleep(0.25)
        trace(f"{self.name}: closed")
        return self.swallow


async def main():
    async with Conn("a") as s:
        trace(f"body: using {s}")
        await asyncio.sleep(1)
    try:
        async with Conn("b") as s:
            trace(f"body: using {s}")
            raise ValueError("oops")
    except ValueError as e:
        trace(f"main: {e!r} propagated")
    async with Conn("c", swallow=True):
        raise ValueError("ignored")
    trace("main: c swallowed it")
    try:
        async with Conn("d", fail_enter=True):
            trace("body: not reached")
    except OSError as e:
        trace(f"main: enter failed: {e}")


run(main())
