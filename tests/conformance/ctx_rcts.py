# run_coroutine_threadsafe runs the coroutine in a copy of the calling
# thread's context (the call's callback took one, its task another): the
# coroutine sees what the thread set, and its own sets stay on its side.
import asyncio
import contextvars

from ctxvar import show
from vclock import note

request = contextvars.ContextVar("request")


async def handler(tag):
    seen = show(request)
    request.set(f"{tag} (task)")
    await asyncio.sleep(0)
    return f"{tag}: saw {seen}, now {show(request)}"


def in_thread(loop):
    lines = [asyncio.run_coroutine_threadsafe(handler("first"), loop).result()]
    request.set("r-42")
    lines.append(asyncio.run_coroutine_threadsafe(handler("second"), loop).result())
    lines.append(f"thread: request={show(request)}")
    return lines


async def main():
    request.set("main")
    for line in await asyncio.to_thread(in_thread, asyncio.get_running_loop()):
        note(line)
    note(f"main: request={show(request)}")


asyncio.run(main())
