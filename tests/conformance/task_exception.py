# An exception raised in a task propagates to whoever awaits it, through a
# task that does not catch it, and is caught with try/except by type; an
# `except ValueError` does not catch a RuntimeError, which goes on to an
# outer handler.  The same holds for an inline sub-coroutine.  A user
# exception type derives from Exception.
import asyncio

from vclock import run, trace


class ConfigError(Exception):
    pass


async def parse(text):
    await asyncio.sleep(0.1)
    trace(f"parse: raising ValueError for {text}")
    raise ValueError(f"bad input: {text}")


async def relay(task):
    trace("relay: awaiting parse, not catching")
    await task
    trace("relay: not reached")


async def check(n):
    if n < 0:
        raise ConfigError(f"negative: {n}")
    return n


async def fail_runtime():
    await asyncio.sleep(0)
    raise RuntimeError("wrong kind")


async def main():
    parser = asyncio.create_task(parse("x=1"))
    relayer = asyncio.create_task(relay(parser))
    try:
        await relayer
    except ValueError as e:
        trace(f"main caught {type(e).__name__}: {e}")
    trace(f"parser.exception() is {type(parser.exception()).__name__}")
    try:
        await check(-1)
    except Exception as e:
        trace(f"main caught {type(e).__name__}: {e}")
    try:
        try:
            await fail_runtime()
        except ValueError:
            trace("not reached")
    except RuntimeError as e:
        trace(f"outer caught {type(e).__name__}: {e}")


run(main())
