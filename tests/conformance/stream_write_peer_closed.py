# Writing on a unix stream socket whose peer has closed: send() fails with
# EPIPE, which the process survives (CPython ignores SIGPIPE; the C library
# sends with MSG_NOSIGNAL, sets SO_NOSIGPIPE, or blocks SIGPIPE around the
# send), and the transport is lost with BrokenPipeError(32, "Broken pipe").
# After end of file the transport stays open (StreamReaderProtocol keeps
# it), so the write is tried; the first drain() raises
# ConnectionResetError("Connection lost"), the next one and wait_closed()
# the BrokenPipeError.
import asyncio
import os

from vclock import note


async def handle(reader, writer):
    writer.close()
    await writer.wait_closed()


async def main():
    path = f"/tmp/wasyncio-conf-{os.getpid()}.sock"
    server = await asyncio.start_unix_server(handle, path)
    reader, writer = await asyncio.open_unix_connection(path)
    note(f"read {len(await reader.read())} bytes, at_eof={reader.at_eof()}")
    writer.write(b"hello")
    note(f"wrote, is_closing={writer.is_closing()}")
    for _ in range(2):
        try:
            await writer.drain()
        except OSError as e:
            note(f"drain() raised {type(e).__name__} errno={e.errno}: {e}")
    try:
        await writer.wait_closed()
    except OSError as e:
        note(f"wait_closed() raised {type(e).__name__} errno={e.errno}: {e}")
    server.close()
    await server.wait_closed()
    note("still running")


asyncio.run(main())
