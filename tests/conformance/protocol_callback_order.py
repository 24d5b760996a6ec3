# create_server and create_connection with protocols that record their
# callbacks.  The client writes b'hello' and write_eof() from
# connection_made; the server answers from eof_received and returns False,
# which closes its side.  Each side sees connection_made, data_received,
# eof_received, connection_lost(None), in that order, each once; the
# client's connection_made has run when create_connection returns.  (The
# two sides' callbacks interleave as the sockets happen to be ready, so
# each side's list is printed on its own.)
import asyncio

from vclock import note


class Server(asyncio.Protocol):
    def __init__(self, events):
        self.events = events
        self.got = b""

    def connection_made(self, transport):
        self.transport = transport
        self.events.append("connection_made")

    def data_received(self, data):
        self.events.append(f"data_received {data!r}")
        self.got += data

    def eof_received(self):
        self.events.append("eof_received -> False")
        self.transport.write(self.got.upper())
        return False

    def connection_lost(self, exc):
        self.events.append(f"connection_lost {exc}, is_closing={self.transport.is_closing()}")


class Client(asyncio.Protocol):
    def __init__(self, events, lost):
        self.events = events
        self.lost = lost

    def connection_made(self, transport):
        self.events.append("connection_made")
        transport.write(b"hello")
        transport.write_eof()

    def data_received(self, data):
        self.events.append(f"data_received {data!r}")

    def eof_received(self):
        self.events.append("eof_received -> None")

    def connection_lost(self, exc):
        self.events.append(f"connection_lost {exc}")
        self.lost.set_result(None)


async def main():
    loop = asyncio.get_running_loop()
    server_events, client_events = [], []
    server = await loop.create_server(lambda: Server(server_events), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    lost = loop.create_future()
    transport, _ = await loop.create_connection(lambda: Client(client_events, lost), "127.0.0.1", port)
    note(f"create_connection returned after {client_events}")
    await lost
    note(f"client transport is_closing={transport.is_closing()}")
    server.close()
    await server.wait_closed()
    for e in server_events:
        note(f"server: {e}")
    for e in client_events:
        note(f"client: {e}")


asyncio.run(main())
