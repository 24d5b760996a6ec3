# A gather given the same pending child twice fails at once with another
# child; the duplicate child fails later, and the gather still retrieves its
# error (no "exception was never retrieved"), once for both places.
import asyncio
import gc

from vclock import fmt, run, trace


def handler(loop, context):
    trace(f"handler: {context['message']}: {fmt(context.get('exception'))}", loop)


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    fails, later = loop.create_future(), loop.create_future()
    loop.call_later(1, fails.set_exception, ValueError("boom"))
    try:
        await asyncio.gather(fails, later, later)
    except ValueError as e:
        trace(f"main: gather raised ValueError({e})")
    later.set_exception(ValueError("late"))
    await asyncio.sleep(0.5)
    trace(f"main: later done: {later.done()}")
    del later
    gc.collect()
    await asyncio.sleep(0)
    trace("main: done")


run(main())
