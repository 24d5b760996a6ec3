# A set inside a task stays in the task's copy: its parent and a sibling
# created afterwards keep seeing the parent's value, and a grandchild
# created by the task inherits the task's value.
import asyncio
import contextvars

from ctxvar import show
from vclock import run, trace

depth = contextvars.ContextVar("depth", default=0)


async def grandchild():
    trace(f"grandchild: depth={show(depth)}")


async def child():
    depth.set(depth.get() + 1)
    trace(f"child set: depth={show(depth)}")
    await asyncio.create_task(grandchild())
    await asyncio.sleep(0.5)
    trace(f"child after sleep: depth={show(depth)}")


async def sibling():
    trace(f"sibling: depth={show(depth)}")


async def main():
    depth.set(10)
    t = asyncio.create_task(child())
    await asyncio.sleep(0.25)
    trace(f"main while child sleeps: depth={show(depth)}")
    await asyncio.create_task(sibling())
    await t
    trace(f"main after child: depth={show(depth)}")


run(main())
