# Writing where the reader has gone, to a pipe whose read end is closed and
# on a unix stream socket whose peer has closed: the write fails with EPIPE,
# which the process survives (CPython ignores SIGPIPE; the C library blocks
# it around pipe writes and sends with MSG_NOSIGNAL or SO_NOSIGPIPE), and
# the transport is lost with BrokenPipeError(32, "Broken pipe").  The first
# drain() sees the closing transport, yields so connection_lost runs, and
# raises ConnectionResetError("Connection lost"); the next one and
# wait_closed() raise the BrokenPipeError itself.  (After end of file the
# socket's transport stays open, as StreamReaderProtocol keeps it, so the
# write is tried.)
import asyncio
import os

from vclock import note


async def write_to_gone_reader(writer):
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


async def handle(reader, writer):
    writer.close()
    await writer.wait_closed()


async def main():
    loop = asyncio.get_running_loop()
    r, w = os.pipe()
    os.close(r)
    reader = asyncio.StreamReader()
    protocol = asyncio.StreamReaderProtocol(reader)
    transport, _ = await loop.connect_write_pipe(lambda: protocol, os.fdopen(w, "wb"))
    await write_to_gone_reader(asyncio.StreamWriter(transport, protocol, reader, loop))

    path = f"/tmp/wasyncio-conf-{os.getpid()}.sock"
    server = await asyncio.start_unix_server(handle, path)
    reader, writer = await asyncio.open_unix_connection(path)
    note(f"read {len(await reader.read())} bytes, at_eof={reader.at_eof()}")
    await write_to_gone_reader(writer)
    server.close()
    await server.wait_closed()
    note("still running")


asyncio.run(main())
