# create_task(coro, context=ctx) runs the task in ctx itself, not a copy:
# its sets land in ctx, a second task given the same ctx sees them, and
# the creator's own context is untouched.
import asyncio
import contextvars

from ctxvar import show
from vclock import run, trace

user = contextvars.ContextVar("user")


async def login(name):
    trace(f"login {name}: user={show(user)}")
    user.set(name)
    await asyncio.sleep(1)
    trace(f"login {name} done: user={show(user)}")


async def whoami():
    trace(f"whoami: user={show(user)}")


async def main():
    ctx = contextvars.Context()
    await asyncio.create_task(login("ada"), context=ctx)
    trace(f"ctx has {len(ctx)} value(s): user={ctx[user]}")
    await asyncio.create_task(whoami(), context=ctx)
    trace(f"main: user={show(user)}")
    user.set("main")
    await asyncio.create_task(whoami(), context=ctx)
    await asyncio.create_task(whoami())


run(main())
