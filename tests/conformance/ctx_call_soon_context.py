# call_soon, call_later and call_at run a callback in a copy of the context
# current when it was scheduled, or in context=ctx itself: a set inside a
# callback stays in its copy, or lands in ctx for the next callback there.
import asyncio
import contextvars

from ctxvar import show
from vclock import run, trace

step = contextvars.ContextVar("step", default="unset")


def cb(label):
    trace(f"{label}: step={show(step)}")
    step.set(f"set by {label}")


async def main():
    loop = asyncio.get_running_loop()
    ctx = contextvars.copy_context()
    step.set("scheduled")
    loop.call_soon(cb, "soon")
    loop.call_soon(cb, "soon ctx", context=ctx)
    loop.call_later(0.5, cb, "later")
    loop.call_later(0.25, cb, "later ctx", context=ctx)
    loop.call_at(loop.time() + 0.75, cb, "at ctx", context=ctx)
    step.set("changed")
    await asyncio.sleep(1)
    trace(f"main: step={show(step)} ctx[step]={ctx.get(step)}")


run(main())
