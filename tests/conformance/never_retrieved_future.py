# A plain future that failed is reported ("Future exception was never
# retrieved", with the error and the future) when it is freed, unless its
# error was retrieved by exception() in a done callback, by an awaiter, or
# cancel() was called on it (which returns False but marks it retrieved).
import asyncio
import gc

from vclock import run, trace


def handler(loop, context):
    exc = context.get("exception")
    trace(f"handler: {context['message']}: {type(exc).__name__}: {exc} "
          f"(future given: {context.get('future') is not None})")


def reader(fut):
    trace(f"reader: exception() -> {fut.exception()}")


async def awaiter(fut):
    try:
        await fut
    except ValueError as e:
        trace(f"awaiter: caught ValueError: {e}")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    lost = loop.create_future()
    called_back = loop.create_future()
    awaited = loop.create_future()
    poked = loop.create_future()
    called_back.add_done_callback(reader)
    task = asyncio.create_task(awaiter(awaited))
    await asyncio.sleep(0)
    lost.set_exception(ValueError("lost"))
    called_back.set_exception(ValueError("read by a callback"))
    awaited.set_exception(ValueError("read by an awaiter"))
    poked.set_exception(ValueError("cancel() was called"))
    trace(f"main: poked.cancel() -> {poked.cancel()}")
    await task
    trace("main: dropping called_back")
    del called_back
    gc.collect()
    trace("main: dropping awaited")
    del awaited, task
    gc.collect()
    trace("main: dropping poked")
    del poked
    gc.collect()
    trace("main: dropping lost")
    del lost
    gc.collect()
    trace("main: done")


run(main())
