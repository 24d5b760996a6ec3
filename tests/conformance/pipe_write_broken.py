# Writing to a pipe whose reader has closed: the write fails with EPIPE,
# which the process survives (CPython ignores SIGPIPE; the C library keeps
# SIGPIPE from the write instead), and the stream's transport is lost with
# BrokenPipeError(32, "Broken pipe").  The first drain() sees the closing
# transport, yields so connection_lost runs, and raises
# ConnectionResetError("Connection lost"); the next one, and wait_closed(),
# raise the BrokenPipeError itself.
import asyncio
import os

from vclock import note


async def main():
    loop = asyncio.get_running_loop()
    r, w = os.pipe()
    os.close(r)
    reader = asyncio.StreamReader()
    protocol = asyncio.StreamReaderProtocol(reader)
    transport, _ = await loop.connect_write_pipe(lambda: protocol, os.fdopen(w, "wb"))
    writer = asyncio.StreamWriter(transport, protocol, reader, loop)
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
    note("still running")


asyncio.run(main())
