# @asynccontextmanager: the generator runs to its yield on entry (the value
# yielded is what `as` binds), and after the body on exit, with awaits on
# both sides.  An error in the body is thrown in at the yield: through a
# try/finally it comes out of the `async with` as the very same object,
# after the cleanup.  A return inside the body runs the cleanup too and
# keeps its value.
import asyncio
from contextlib import asynccontextmanager

from vclock import run, trace


@asynccontextmanager
async def connection(name):
    trace(f"cm: connecting {name}")
    await asyncio.sleep(0.5)
    try:
        yield f"conn-{name}"
        trace(f"cm: {name} body ended normally")
    finally:
        trace(f"cm: closing {name}")
        await asyncio.sleep(0.25)
        trace(f"cm: {name} closed")


async def lookup(key):
    async with connection("db") as conn:
        trace(f"lookup: using {conn}")
        await asyncio.sleep(1)
        return f"{key}=42"


async def main():
    async with connection("a") as conn:
        trace(f"main: got {conn}")
        await asyncio.sleep(1)
    trace("main: after the first block")

    err = ValueError("bad row")
    try:
        async with connection("b") as conn:
            trace(f"main: got {conn}, raising")
            raise err
    except ValueError as e:
        trace(f"main: caught {type(e).__name__}({e}) same={e is err}")

    trace(f"main: lookup gave {await lookup('k')}")


run(main())
