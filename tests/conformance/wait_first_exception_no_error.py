# wait(FIRST_EXCEPTION) with no task raising behaves like ALL_COMPLETED: it
# waits for every future.  A cancelled future does not count as an
# exception, so cancelling one of them does not end the wait early.
import asyncio

from vclock import run, trace


async def worker(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return name


def cancel(fut):
    trace(f"callback: fut.cancel() -> {fut.cancel()}")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.2, cancel, fut)
    items = [
        ("a", asyncio.create_task(worker("a", 0.1))),
        ("fut", fut),
        ("b", asyncio.create_task(worker("b", 0.4))),
    ]
    trace("main: waiting for the first exception")
    done, pending = await asyncio.wait([x for _, x in items], return_when=asyncio.FIRST_EXCEPTION)
    trace(f"main: wait returned {len(done)} done, {len(pending)} pending")
    for name, x in items:
        trace(f"main: {name} done={x.done()} cancelled={x.cancelled()}")


run(main())
