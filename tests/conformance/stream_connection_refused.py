# Connecting to a port nobody listens on (a server's, after it closed)
# raises ConnectionRefusedError, a ConnectionError and an OSError whose
# errno is ECONNREFUSED, saying "Connect call failed" with the address:
# from open_connection and from create_connection alike.  (The errno's
# number and the port vary between runs and systems: printed as names.)
import asyncio
import errno

from vclock import note


def describe(e, port):
    text = str(e).replace(f"[Errno {e.errno}]", f"[Errno {errno.errorcode[e.errno]}]")
    return (f"{type(e).__name__}: {text.replace(str(port), 'PORT')} "
            f"(ConnectionError: {isinstance(e, ConnectionError)}, OSError: {isinstance(e, OSError)})")


async def main():
    loop = asyncio.get_running_loop()
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    try:
        await asyncio.open_connection("127.0.0.1", port)
    except OSError as e:
        note(f"open_connection: {describe(e, port)}")
    try:
        await loop.create_connection(asyncio.Protocol, "127.0.0.1", port)
    except OSError as e:
        note(f"create_connection: {describe(e, port)}")
    note("done")


asyncio.run(main())
