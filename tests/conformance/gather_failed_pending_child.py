# A gather fails at once with its first failing child while another child
# stays pending; the program drops that child unfinished, and completes a
# third one with an error later, which the gather still retrieves (no
# "exception was never retrieved").  Nothing of it may stay allocated.
import asyncio
import gc

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()
    never, fails, later = loop.create_future(), loop.create_future(), loop.create_future()
    loop.call_later(1, fails.set_exception, ValueError("boom"))
    try:
        await asyncio.gather(never, fails, later)
    except ValueError as e:
        trace(f"main: gather raised ValueError({e})")
    later.set_exception(KeyError("late"))
    await asyncio.sleep(0.5)
    trace(f"main: later done: {later.done()}, never done: {never.done()}")
    del never, later
    gc.collect()
    await asyncio.sleep(0)
    trace("main: done")


run(main())
