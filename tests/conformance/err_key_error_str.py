# KeyError's str() is the repr of its key: quoted, with " when the key has
# a ' in it, bare for an int, "" without one; a KeyError is a LookupError
# and the traceback's last line quotes the key too.  Caught from a task.
import asyncio
import traceback

from vclock import run, trace


async def lookup(key):
    await asyncio.sleep(0.1)
    raise KeyError(key) if key is not None else KeyError()


async def main():
    for key in ["k", "it's", 3, None]:
        try:
            await asyncio.create_task(lookup(key))
        except LookupError as e:
            trace(f"{type(e).__name__}: str={str(e)} repr={e!r} args={len(e.args)}")
            trace(traceback.format_exception_only(e)[-1].rstrip())


run(main())
