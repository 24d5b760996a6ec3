# Server.close() stops listening at once (is_serving() turns False, a new
# connection is refused) but leaves the connections it made alone: the
# client still gets its echo.  wait_closed() and serve_forever() (which
# close() cancels) finish only once the last connection is gone, and
# wait_closed() after that returns at once.
import asyncio
import errno

from vclock import note


async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    note("server: client gone, closing")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    forever = asyncio.create_task(server.serve_forever())
    await asyncio.sleep(0)
    note(f"is_serving={server.is_serving()}")
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"ping\n")
    note(f"client: {await reader.readline()!r}")
    server.close()
    note(f"closed: is_serving={server.is_serving()}")
    closed = asyncio.create_task(server.wait_closed())
    try:
        await asyncio.open_connection("127.0.0.1", port)
    except OSError as e:
        note(f"new connection: {type(e).__name__} {errno.errorcode[e.errno]}")
    writer.write(b"still there?\n")
    note(f"client: {await reader.readline()!r}")
    done, pending = await asyncio.wait([forever, closed], timeout=0.1)
    note(f"after 0.1 s: serve_forever done={forever.done()}, wait_closed done={closed.done()}")
    writer.close()
    await writer.wait_closed()
    await closed
    note("wait_closed() returned")
    try:
        await forever
    except asyncio.CancelledError:
        note(f"serve_forever() raised CancelledError, cancelled={forever.cancelled()}")
    await server.wait_closed()
    note("wait_closed() again returned")


asyncio.run(main())
