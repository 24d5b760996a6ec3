# UDP through create_datagram_endpoint: a server endpoint bound to
# 127.0.0.1 answers each datagram upper-cased to the address it came from
# (sendto); a client endpoint connected to it sends three and closes after
# the third answer.  Datagrams keep their boundaries and, over loopback,
# their order.  A client connected to a port nobody listens on gets
# ConnectionRefusedError through error_received after its send.  (Each
# side's callbacks are printed on their own.)
import asyncio
import errno

from vclock import note


class Server(asyncio.DatagramProtocol):
    def __init__(self, events):
        self.events = events
        self.peers = set()

    def connection_made(self, transport):
        self.transport = transport
        self.events.append("connection_made")

    def datagram_received(self, data, addr):
        self.events.append(f"datagram_received {data!r} from {addr[0]}")
        self.peers.add(addr[1])
        self.transport.sendto(data.upper(), addr)

    def connection_lost(self, exc):
        self.events.append(f"connection_lost {exc}")


class Client(asyncio.DatagramProtocol):
    def __init__(self, events, lost, words):
        self.events = events
        self.lost = lost
        self.words = words
        self.answers = 0

    def connection_made(self, transport):
        self.transport = transport
        self.events.append("connection_made")
        for w in self.words:
            transport.sendto(w)

    def datagram_received(self, data, addr):
        self.events.append(f"datagram_received {data!r}")
        self.answers += 1
        if self.answers == len(self.words):
            self.transport.close()

    def error_received(self, exc):
        self.events.append(f"error_received {type(exc).__name__} {errno.errorcode[exc.errno]}")
        self.transport.close()

    def connection_lost(self, exc):
        self.events.append(f"connection_lost {exc}")
        self.lost.set_result(None)


async def main():
    loop = asyncio.get_running_loop()
    server_events, client_events = [], []
    server, proto = await loop.create_datagram_endpoint(lambda: Server(server_events), local_addr=("127.0.0.1", 0))
    port = server.get_extra_info("sockname")[1]
    lost = loop.create_future()
    client, _ = await loop.create_datagram_endpoint(
        lambda: Client(client_events, lost, [b"one", b"two", b"three"]), remote_addr=("127.0.0.1", port))
    client_port = client.get_extra_info("sockname")[1]
    await lost
    server.close()
    await asyncio.sleep(0)
    for e in server_events:
        note(f"server: {e}")
    note(f"server: every datagram came from the client's port: {proto.peers == {client_port}}")
    for e in client_events:
        note(f"client: {e}")

    # nobody listens on port any more
    lost = loop.create_future()
    client_events.clear()
    await loop.create_datagram_endpoint(lambda: Client(client_events, lost, [b"anyone?"]),
                                        remote_addr=("127.0.0.1", port))
    await lost
    for e in client_events:
        note(f"lonely client: {e}")


asyncio.run(main())
