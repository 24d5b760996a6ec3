# A task runs in a copy of its creator's context, taken when it is created:
# a set the creator makes afterwards is not seen by the task, and neither
# is a set made before only in another task.
import asyncio
import contextvars

from ctxvar import show
from vclock import run, trace

request = contextvars.ContextVar("request", default="none")


async def child(name):
    trace(f"{name} starts: request={show(request)}")
    await asyncio.sleep(1)
    trace(f"{name} after sleep: request={show(request)}")


async def main():
    trace(f"main: request={show(request)}")
    request.set("first")
    a = asyncio.create_task(child("a"))
    request.set("second")
    b = asyncio.create_task(child("b"))
    await a
    await b
    trace(f"main: request={show(request)}")


run(main())
