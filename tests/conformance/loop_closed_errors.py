# A closed loop stays an object until it is freed: is_closed() answers,
# closing again does nothing, and scheduling or running on it raises
# RuntimeError "Event loop is closed".
import asyncio

from vclock import VirtualLoop, run, trace


def cb():
    trace("cb: not reached")


async def main():
    other = VirtualLoop()
    fut = other.create_future()
    trace(f"main: other closed={other.is_closed()}")
    other.close()
    trace(f"main: other closed={other.is_closed()}")
    other.close()
    trace("main: closed again, no error")
    for name, call in [
        ("call_soon", lambda: other.call_soon(cb)),
        ("call_later", lambda: other.call_later(1, cb)),
        ("call_at", lambda: other.call_at(1, cb)),
        ("call_soon_threadsafe", lambda: other.call_soon_threadsafe(cb)),
        ("run_until_complete", lambda: other.run_until_complete(fut)),
    ]:
        try:
            call()
            trace(f"main: {name} ok")
        except RuntimeError as e:
            trace(f"main: {name}: RuntimeError: {e}")
    fut.cancel()


run(main())
