# An exception escaping a start_server handler goes to the loop's
# exception handler as "Unhandled exception in client_connected_cb", and
# the connection is closed: the client reads EOF.  The server goes on
# serving the next client.
import asyncio

from vclock import note


def on_exception(loop, context):
    e = context.get("exception")
    note(f"exception handler: {context['message']}: {type(e).__name__}({e})")


async def handle(reader, writer):
    line = await reader.readline()
    note(f"server: got {line!r}")
    if line == b"boom\n":
        raise ValueError("the client said boom")
    writer.write(b"fine\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    asyncio.get_running_loop().set_exception_handler(on_exception)
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    for word in [b"boom\n", b"hello\n"]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(word)
        data = await reader.read()
        note(f"client: read() -> {data!r}, at_eof={reader.at_eof()}")
        writer.close()
        await writer.wait_closed()
    server.close()
    await server.wait_closed()
    note("done")


asyncio.run(main())
