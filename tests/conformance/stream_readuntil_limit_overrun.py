# A reader with limit=8.  readuntil(b';') raises LimitOverrunError when the
# separator lies beyond the limit ("Separator is found, but chunk is
# longer than limit", .consumed its offset) and leaves the data buffered,
# so readexactly can take it; a separator within the limit is fine; with
# no separator in more than limit bytes it raises "Separator is not found,
# and chunk exceed the limit"; a multi-byte separator counts from its
# start; at EOF what is left is IncompleteReadError's .partial.  The
# server sends everything in one write, then closes.
import asyncio

from vclock import note

DATA = b"0123456789;rest;abcdefghijk--xyzxyzxyzxyz"


async def handle(reader, writer):
    writer.write(DATA)
    writer.close()
    await writer.wait_closed()


async def readuntil(reader, sep):
    try:
        note(f"readuntil({sep!r}) -> {await reader.readuntil(sep)!r}")
    except asyncio.LimitOverrunError as e:
        note(f"readuntil({sep!r}) -> {type(e).__name__}({e}) consumed={e.consumed}")
    except asyncio.IncompleteReadError as e:
        note(f"readuntil({sep!r}) -> {type(e).__name__}({e}) partial={e.partial!r}")


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=8)
    await readuntil(reader, b";")
    note(f"readexactly(11) -> {await reader.readexactly(11)!r}")
    await readuntil(reader, b";")
    await readuntil(reader, b"--")
    note(f"readexactly(11) -> {await reader.readexactly(11)!r}")
    await readuntil(reader, b"--")
    await readuntil(reader, b";")
    note(f"readexactly(10) -> {await reader.readexactly(10)!r}")
    await readuntil(reader, b";")
    note(f"at_eof={reader.at_eof()}")
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
