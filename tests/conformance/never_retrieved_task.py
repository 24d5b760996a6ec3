# A task that failed is reported to the loop's exception handler ("Task
# exception was never retrieved", with the error and the task) when it is
# freed, unless its error was retrieved (exception(), result(), await) or
# cancel() was called on it.  A cancelled task is never reported.
import asyncio
import gc

from vclock import run, trace


def handler(loop, context):
    exc = context.get("exception")
    task = context.get("future")
    trace(f"handler: {context['message']}: {type(exc).__name__}: {exc} (task {task.get_name()})")


async def fail(msg):
    await asyncio.sleep(0.1)
    raise ValueError(msg)


async def victim():
    await asyncio.sleep(10)


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    read = asyncio.create_task(fail("was read"), name="read")
    ignored = asyncio.create_task(fail("nobody looked"), name="ignored")
    poked = asyncio.create_task(fail("cancel() was called"), name="poked")
    cancelled = asyncio.create_task(victim(), name="cancelled")
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.sleep(1)
    trace(f"main: read.exception() -> {read.exception()}")
    trace(f"main: poked.cancel() -> {poked.cancel()}")
    trace("main: dropping read")
    del read
    gc.collect()
    trace("main: dropping ignored")
    del ignored
    gc.collect()
    trace("main: dropping poked")
    del poked
    gc.collect()
    trace("main: dropping cancelled")
    del cancelled
    gc.collect()
    trace("main: done")


run(main())
