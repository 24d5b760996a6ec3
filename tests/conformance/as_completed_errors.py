# A failed or cancelled input is yielded like any other, in its turn:
# awaiting it raises its error (or CancelledError) in the loop body, which
# can catch it and go on; the remaining inputs keep coming.
import asyncio

from vclock import run, trace


async def worker(name, delay, fail):
    await asyncio.sleep(delay)
    if fail:
        trace(f"{name}: raising ValueError")
        raise ValueError(f"{name} broke")
    trace(f"{name}: finished")
    return name


def cancel(fut):
    trace(f"callback: fut.cancel() -> {fut.cancel()}")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.25, cancel, fut)
    items = [
        ("c", asyncio.create_task(worker("c", 0.3, False))),
        ("fut", fut),
        ("b", asyncio.create_task(worker("b", 0.2, True))),
        ("a", asyncio.create_task(worker("a", 0.1, False))),
    ]
    async for f in asyncio.as_completed([x for _, x in items]):
        name = [n for n, x in items if x is f][0]
        try:
            r = await f
            trace(f"main: {name} -> {r}")
        except (ValueError, asyncio.CancelledError) as e:
            trace(f"main: awaiting {name} raised {type(e).__name__}: {e}")
    trace(f"main: iteration over, cancelling={asyncio.current_task().cancelling()}")


run(main())
