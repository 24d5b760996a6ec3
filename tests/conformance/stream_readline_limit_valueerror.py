# readline() on a reader with limit=8 turns LimitOverrunError into
# ValueError and drops what it could not return: a line of exactly 8 bytes
# is fine, a 9-byte one raises "Separator is found, but chunk is longer
# than limit" and is consumed through its newline, so the next readline()
# goes on after it; a last line without a newline comes back at EOF.  On a
# second connection, 13 bytes without a newline raise "Separator is not
# found, and chunk exceed the limit" and the buffer is cleared.
import asyncio

from vclock import note

PAYLOADS = [b"12345678\n123456789\nok\n0123456789abc\nend", b"0123456789xyz"]
served = 0


async def handle(reader, writer):
    global served
    writer.write(PAYLOADS[served])
    served += 1
    writer.close()
    await writer.wait_closed()


async def readline(reader):
    try:
        note(f"readline() -> {await reader.readline()!r}")
    except ValueError as e:
        note(f"readline() -> {type(e).__name__}({e})")


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    for lines in [6, 2]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=8)
        note("connected")
        for _ in range(lines):
            await readline(reader)
        note(f"at_eof={reader.at_eof()}")
        writer.close()
        await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
