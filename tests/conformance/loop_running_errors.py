# Misusing the running loop, with CPython's words: closing it, running it
# again, running another loop inside it, and asyncio.run() inside it all
# raise RuntimeError, and the running loop goes on unharmed.
import asyncio

from vclock import VirtualLoop, run, trace


async def noop():
    pass


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    other = VirtualLoop()
    other_fut = other.create_future()
    coro = noop()
    for name, call in [
        ("close", lambda: loop.close()),
        ("run_until_complete", lambda: loop.run_until_complete(fut)),
        ("other.run_until_complete", lambda: other.run_until_complete(other_fut)),
        ("asyncio.run", lambda: asyncio.run(coro)),
    ]:
        try:
            call()
            trace(f"main: {name} ok")
        except RuntimeError as e:
            trace(f"main: {name}: RuntimeError: {e}")
    coro.close()
    other_fut.cancel()
    other.close()
    await asyncio.sleep(1)
    trace(f"main: still running={loop.is_running()} closed={loop.is_closed()}")
    fut.cancel()


run(main())
