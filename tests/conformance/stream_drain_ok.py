# drain() with the write buffer under the high-water mark returns without
# suspending: a task started before it runs only at the next real
# suspension.  On a closing writer, drain() yields once (so
# connection_lost can run), then raises ConnectionResetError("Connection
# lost"); so does every later drain.
import asyncio

from vclock import note


async def ticker(n):
    for i in range(n):
        note(f"tick {i}")
        await asyncio.sleep(0)


async def handle(reader, writer):
    await reader.read()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    ticks = asyncio.create_task(ticker(4))
    writer.write(b"x" * 1000)
    note(f"wrote 1000 bytes, buffered {writer.transport.get_write_buffer_size()}")
    await writer.drain()
    note("drain() returned")
    await writer.drain()
    note("drain() returned again")
    await asyncio.sleep(0)
    note("after sleep(0)")
    writer.close()
    note(f"closed, is_closing={writer.is_closing()}")
    for _ in range(2):
        try:
            await writer.drain()
        except ConnectionResetError as e:
            note(f"drain() raised {type(e).__name__}({e})")
    await ticks
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    note("done")


asyncio.run(main())
