# A future's done callback that raises is reported like any callback (its
# handle is the done callback's), the callbacks after it still run, and the
# task awaiting the future gets the result undisturbed.
import asyncio

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()

    def handler(loop, ctx):
        trace(f"handler: {type(ctx['exception']).__name__}: {ctx['exception']}, handle={'handle' in ctx}")

    def first(fut):
        trace(f"first: sees {fut.result()}, raising")
        raise KeyError("first")

    def second(fut):
        trace(f"second: sees {fut.result()}")

    loop.set_exception_handler(handler)
    fut = loop.create_future()
    fut.add_done_callback(first)
    fut.add_done_callback(second)
    loop.call_later(1, fut.set_result, 7)
    r = await fut
    trace(f"main: await -> {r}")
    await asyncio.sleep(0)
    trace("main: after one more iteration")


run(main())
