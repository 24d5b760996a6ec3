# gather wraps each coroutine in a task with its own copy of the caller's
# context: the children's sets, interleaved across sleeps, never see each
# other's, and the caller keeps its value.
import asyncio
import contextvars

from ctxvar import show
from vclock import run, trace

worker = contextvars.ContextVar("worker", default="none")


async def job(name, delay):
    trace(f"{name} starts: worker={show(worker)}")
    worker.set(name)
    await asyncio.sleep(delay)
    trace(f"{name} wakes: worker={show(worker)}")
    await asyncio.sleep(0)
    return f"{name}={show(worker)}"


async def main():
    worker.set("main")
    results = await asyncio.gather(job("a", 0.3), job("b", 0.1), job("c", 0.2))
    trace(f"gathered {results}")
    trace(f"main: worker={show(worker)}")


run(main())
