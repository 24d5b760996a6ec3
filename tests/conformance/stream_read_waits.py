# Reads that wait for data.  A line that arrives in two pieces is one
# line; a second reader while one waits gets RuntimeError; a reader
# cancelled while it waits leaves the stream to the next read, which gets
# what comes later; readexactly() waits for all its bytes, read(n) for any,
# and readline() at EOF returns what is left.  The server writes each piece
# when the client opens its gate.
import asyncio

from vclock import note

PIECES = [b"par", b"tial\n", b"after\n", b"12", b"345", b"xyz", b"tail"]
gates = [asyncio.Event() for _ in PIECES]


async def handle(reader, writer):
    for gate, piece in zip(gates, PIECES):
        await gate.wait()
        writer.write(piece)
    writer.close()
    await writer.wait_closed()


async def open_later(i):
    await asyncio.sleep(0.05)
    gates[i].set()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    first = asyncio.create_task(reader.readline())
    await asyncio.sleep(0)      # it waits for data
    try:
        await reader.readline()
    except RuntimeError as e:
        note(f"second reader: RuntimeError: {e}")
    gates[0].set()
    await open_later(1)
    note(f"first reader: {await first!r}")

    cancelled = asyncio.create_task(reader.readline())
    await asyncio.sleep(0)
    cancelled.cancel()
    try:
        await cancelled
    except asyncio.CancelledError:
        note("cancelled reader: CancelledError")
    gates[2].set()
    note(f"next readline: {await reader.readline()!r}")

    gates[3].set()
    later = asyncio.create_task(open_later(4))
    note(f"readexactly(5): {await reader.readexactly(5)!r}")
    await later
    gates[5].set()
    note(f"read(100): {await reader.read(100)!r}")
    gates[6].set()
    note(f"readline at EOF: {await reader.readline()!r}")
    note(f"then: {await reader.readline()!r}")

    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    note("done")


asyncio.run(main())
