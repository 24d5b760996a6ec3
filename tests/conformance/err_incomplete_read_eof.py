# IncompleteReadError is an EOFError: a handler for EOFError catches it,
# with asyncio's message, partial and expected (None for a readuntil);
# gather(return_exceptions=True) hands it back as a value.
import asyncio

from vclock import run, trace


async def read(partial, expected):
    await asyncio.sleep(0.5)
    raise asyncio.IncompleteReadError(partial, expected)


async def main():
    for partial, expected in [(b"ab", 5), (b"", None)]:
        try:
            await read(partial, expected)
        except EOFError as e:
            trace(f"EOFError caught {type(e).__name__}: {e} partial={e.partial!r} expected={e.expected}")
    r = await asyncio.gather(read(b"xyz", 4), return_exceptions=True)
    trace(f"gather -> {type(r[0]).__name__}: {r[0]} an EOFError: {isinstance(r[0], EOFError)}")


run(main())
