# In debug mode the "exception was never retrieved" report of a task and of
# a future says where each was created (context["source_traceback"]; a C
# report's wa_context.site).  The handler prints the function that created
# the object, the same in both.
import asyncio
import gc

from vclock import run, trace


def created_in(context):
    frames = [f for f in context.get("source_traceback") or () if f.filename == __file__]
    return frames[-1].name if frames else "unknown"


def handler(loop, context):
    exc = context["exception"]
    fut = context["future"]
    what = f"task {fut.get_name()}" if isinstance(fut, asyncio.Task) else "future"
    trace(f"handler: {context['message']}: {type(exc).__name__}: {exc} ({what}, created in {created_in(context)})")


async def fail(msg):
    await asyncio.sleep(0.1)
    raise ValueError(msg)


def make_future(loop):
    fut = loop.create_future()
    fut.set_exception(ValueError("future lost"))
    return fut


async def amain():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    trace(f"main: debug is {loop.get_debug()}")
    task = asyncio.create_task(fail("task lost"), name="lost")
    read = asyncio.create_task(fail("was read"), name="read")
    fut = make_future(loop)
    await asyncio.sleep(1)
    trace(f"main: read.exception() -> {read.exception()}")
    trace("main: dropping the future")
    del fut
    gc.collect()
    trace("main: dropping the tasks")
    del task, read
    gc.collect()
    trace("main: done")


run(amain(), debug=True)
