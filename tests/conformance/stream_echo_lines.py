# A stream echo server (asyncio.start_server) and a client
# (asyncio.open_connection) over 127.0.0.1: each line written comes back
# upper-cased, two lines in one write come back as two readline()s, and
# after write_eof() the server sees EOF and the client's read() returns
# b'' at EOF.
import asyncio

from vclock import note


async def handle(reader, writer):
    n = 0
    while line := await reader.readline():
        n += 1
        writer.write(line.upper())
        await writer.drain()
    note(f"server: EOF after {n} lines, at_eof={reader.at_eof()}")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    peer = writer.get_extra_info("peername")
    note(f"client: connected, peer is the server: {peer == ('127.0.0.1', port)}")
    for word in ["alpha", "beta", "gamma"]:
        writer.write(f"{word}\n".encode())
        await writer.drain()
        note(f"client: {word} -> {await reader.readline()!r}")
    writer.write(b"two\nlines\n")
    note(f"client: {await reader.readline()!r}")
    note(f"client: {await reader.readline()!r}")
    note(f"client: can_write_eof={writer.can_write_eof()}")
    writer.write_eof()
    rest = await reader.read()
    note(f"client: read() -> {rest!r}, at_eof={reader.at_eof()}")
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    note("client: done")


asyncio.run(main())
