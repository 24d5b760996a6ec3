# A task that goes away while pending is reported ("Task was destroyed but
# it is pending!"), in debug mode with where it was created; one whose
# coroutine never even started is also reported as a coroutine that was
# never awaited (CPython's RuntimeWarning, after the task's report; a C
# report through the handler).  wasyncio also reports, in debug mode, the
# work still pending when the loop is closed: asyncio has no such report,
# so the C handler leaves those out.  The C tasks go when the loop is
# freed; here, when the last reference goes.
import asyncio
import gc
import warnings

from vclock import VirtualLoop, trace

loop = None


def created_in(context):
    frames = [f for f in context.get("source_traceback") or () if f.filename == __file__]
    return frames[-1].name if frames else "unknown"


def handler(loop, context):
    trace(f"handler: {context['message']} (task {context['task'].get_name()}, created in {created_in(context)})", loop)


def on_warning(message, category, filename, lineno, file=None, line=None):
    trace(f"warning: {str(message).splitlines()[0]}", loop)


async def waiter(fut):
    await fut


async def never_run():
    pass


def spawn(coro, name):
    return loop.create_task(coro, name=name)


def main():
    global loop
    warnings.simplefilter("always")
    warnings.showwarning = on_warning
    loop = VirtualLoop()
    loop.set_debug(True)
    loop.set_exception_handler(handler)
    fut = loop.create_future()
    waiting = spawn(waiter(fut), "waiting")
    loop.run_until_complete(asyncio.sleep(0.5))
    trace(f"main: waiting is {waiting._state.lower()}", loop)
    never = spawn(never_run(), "never")
    trace("main: closing the loop", loop)
    loop.close()
    trace("main: freeing the tasks", loop)
    del waiting, fut
    gc.collect()
    del never
    gc.collect()
    trace("main: done", loop)


main()
