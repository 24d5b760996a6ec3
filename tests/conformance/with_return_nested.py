# A return from inside two nested `async with` blocks runs both exits,
# innermost first, each awaiting, and only then delivers the value; an
# error raised there passes through both exits the same way.  An exit that
# raises while a return is under way replaces the return with its error.
import asyncio

from vclock import run, trace


class Scope:
    def __init__(self, name, refuse=False):
        self.name = name
        self.refuse = refuse

    async def __aenter__(self):
        trace(f"{self.name}: enter")

    async def __aexit__(self, typ, exc, tb):
        trace(f"{self.name}: exit with {typ.__name__ if typ else None}")
        await asyncio.sleep(0.1)
        if self.refuse:
            trace(f"{self.name}: raising RuntimeError")
            raise RuntimeError(f"{self.name} refused")
        trace(f"{self.name}: exit done")
        return False


async def fetch(kind, refuse=False):
    async with Scope("outer", refuse):
        async with Scope("inner"):
            await asyncio.sleep(0.5)
            if kind == "return":
                trace("fetch: returning 'payload'")
                return "payload"
            trace("fetch: raising ValueError")
            raise ValueError("no payload")
        trace("fetch: not reached")
    trace("fetch: not reached either")


async def main():
    trace(f"main: got {await fetch('return')}")
    try:
        await fetch("raise")
    except ValueError as e:
        trace(f"main: caught {type(e).__name__}: {e}")
    try:
        trace(f"main: not reached {await fetch('return', refuse=True)}")
    except RuntimeError as e:
        trace(f"main: caught {type(e).__name__}: {e}")


run(main())
