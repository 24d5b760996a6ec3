# A future failed by a timer callback with set_exception wakes the task
# awaiting it, which gets the exception; awaiting the failed future again
# raises the same error at once, without yielding.  A second waiter that was
# cancelled instead cancels the shared future for everyone.
import asyncio

from vclock import run, trace


async def wait_on(name, fut):
    try:
        await fut
    except asyncio.CancelledError:
        trace(f"{name}: CancelledError")
        raise
    except Exception as e:
        trace(f"{name}: {type(e).__name__}: {e}")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.2, lambda: fut.set_exception(ValueError("sensor offline")))
    await wait_on("main", fut)
    loop.call_soon(trace, "callback queued before the second await")
    await wait_on("main again", fut)
    trace(f"exception() is {type(fut.exception()).__name__}")
    shared = loop.create_future()
    a = asyncio.create_task(wait_on("a", shared))
    b = asyncio.create_task(wait_on("b", shared))
    await asyncio.sleep(0.1)
    trace(f"main: a.cancel() -> {a.cancel()}, shared.cancelled()={shared.cancelled()}")
    await asyncio.sleep(0)
    trace(f"main: a.cancelled()={a.cancelled()} b.cancelled()={b.cancelled()}")


run(main())
