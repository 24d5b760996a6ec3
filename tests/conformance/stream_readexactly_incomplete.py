# The server sends b'abc;defgh' and closes.  readexactly(10) past the end
# raises IncompleteReadError with the 5 bytes left as .partial and 10 as
# .expected; at EOF readexactly and readuntil raise it with nothing
# partial (readuntil's expected is None), while readexactly(0) and read(5)
# return b''.  IncompleteReadError is an EOFError.
import asyncio

from vclock import note


async def handle(reader, writer):
    writer.write(b"abc;defgh")
    writer.close()
    await writer.wait_closed()


def incomplete(e):
    return f"{type(e).__name__}({e}) partial={e.partial!r} expected={e.expected}"


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    note(f"readuntil(b';') -> {await reader.readuntil(b';')!r}")
    try:
        await reader.readexactly(10)
    except asyncio.IncompleteReadError as e:
        note(f"readexactly(10) -> {incomplete(e)}")
        note(f"an EOFError: {isinstance(e, EOFError)}")
    note(f"at_eof={reader.at_eof()}")
    try:
        await reader.readexactly(2)
    except asyncio.IncompleteReadError as e:
        note(f"readexactly(2) -> {incomplete(e)}")
    try:
        await reader.readuntil(b";")
    except asyncio.IncompleteReadError as e:
        note(f"readuntil(b';') -> {incomplete(e)}")
    note(f"readexactly(0) -> {await reader.readexactly(0)!r}")
    note(f"read(5) -> {await reader.read(5)!r}")
    note(f"readline() -> {await reader.readline()!r}")
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    note("done")


asyncio.run(main())
