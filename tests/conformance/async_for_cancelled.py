# Cancelling a task while the async generator it iterates is suspended in
# an await inside anext delivers CancelledError inside the generator: its
# cleanup runs with it, the generator is finished, and the cancellation
# comes out of the `async for`; a later anext raises StopAsyncIteration.
import asyncio

from vclock import run, trace


async def feed():
    try:
        for i in range(10):
            await asyncio.sleep(1)
            yield i
    except BaseException as e:
        trace(f"gen: cleanup after {type(e).__name__}: {e}")
        raise


async def consumer(gen):
    try:
        async for x in gen:
            trace(f"consumer: got {x}")
    except asyncio.CancelledError:
        trace("consumer: async for raised CancelledError")
        raise


async def main():
    gen = feed()
    t = asyncio.create_task(consumer(gen))
    await asyncio.sleep(2.5)
    t.cancel("enough")
    try:
        await t
    except asyncio.CancelledError as e:
        trace(f"main: consumer raised {type(e).__name__}: {e}")
    try:
        await anext(gen)
    except StopAsyncIteration as e:
        trace(f"main: anext raised {type(e).__name__}")


run(main())
