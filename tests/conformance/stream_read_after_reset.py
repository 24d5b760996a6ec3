# A connection reset while data is still buffered: the server sends
# b'partial', then closes with bytes it never read in its socket, so the
# client gets a reset (ECONNRESET) after the data.  wait_closed() raises
# ConnectionResetError; from then on every read raises it too, read(n)
# included, although b'partial' is still buffered: asyncio's StreamReader
# raises its exception before it looks at its buffer.
import asyncio
import errno

from vclock import note

paused = asyncio.Event()
go = asyncio.Event()


async def handle(reader, writer):
    writer.transport.pause_reading()
    writer.write(b"partial")
    paused.set()
    await go.wait()
    writer.close()      # unread bytes in the socket: the kernel resets
    await writer.wait_closed()


def describe(e):
    return f"{type(e).__name__} {errno.errorcode.get(e.errno)}"


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await paused.wait()
    writer.write(b"never read")
    await asyncio.sleep(0.1)    # b'partial' arrives; our bytes reach the server's socket
    go.set()
    try:
        await writer.wait_closed()
        note("wait_closed() returned")
    except ConnectionResetError as e:
        note(f"wait_closed() raised {describe(e)}")
    for call, read in [("read(100)", lambda: reader.read(100)), ("readline()", reader.readline),
                       ("read()", reader.read)]:
        try:
            note(f"{call} -> {await read()!r}")
        except ConnectionResetError as e:
            note(f"{call} raised {describe(e)}")
    server.close()
    await server.wait_closed()
    note("done")


asyncio.run(main())
