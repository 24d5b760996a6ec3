# read(n) returns at most n bytes, whatever is buffered, then b'' once the
# peer has closed its side (at_eof() turns True only then); read() at EOF
# returns b'' too.  The server half-closes (write_eof) and still reads the
# client's reply; the client writes on its half of the connection.
import asyncio

from vclock import note


async def handle(reader, writer):
    writer.write(b"hello world")
    writer.write_eof()
    line = await reader.readline()
    note(f"server: got {line!r}")
    note(f"server: read() -> {await reader.read()!r}, at_eof={reader.at_eof()}")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    note(f"read(0) -> {await reader.read(0)!r}")
    note(f"read(5) -> {await reader.read(5)!r}, at_eof={reader.at_eof()}")
    note(f"read(100) -> {await reader.read(100)!r}, at_eof={reader.at_eof()}")
    note(f"read(100) -> {await reader.read(100)!r}, at_eof={reader.at_eof()}")
    note(f"read() -> {await reader.read()!r}")
    writer.write(b"thanks\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    note("done")


asyncio.run(main())
