# Passing None where asyncio wants a coroutine or an awaitable raises
# TypeError with asyncio's words: create_task, ensure_future, gather,
# shield, wait_for; a ValueError for an empty wait stays a ValueError.
import asyncio

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()
    for name, call in [
        ("create_task(None)", lambda: loop.create_task(None)),
        ("ensure_future(None)", lambda: asyncio.ensure_future(None)),
    ]:
        try:
            call()
        except TypeError as e:
            trace(f"{name}: TypeError: {e}")
    for name, make in [
        ("gather(None)", lambda: asyncio.gather(None)),
        ("shield(None)", lambda: asyncio.shield(None)),
        ("wait_for(None, 1)", lambda: asyncio.wait_for(None, 1)),
        ("wait([])", lambda: asyncio.wait([])),
    ]:
        try:
            await make()
        except (TypeError, ValueError) as e:
            trace(f"await {name}: {type(e).__name__}: {e}")


run(main())
