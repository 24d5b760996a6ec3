# wait() on a set Event returns True at once, without giving other tasks a
# turn; clear() resets the flag, and a wait() after clear() blocks again
# until the next set().  Each set/clear/wait round behaves the same.
import asyncio

from vclock import run, trace


async def other():
    trace("other: ran")


async def waiter(ev, name):
    trace(f"{name}: waiting, is_set={ev.is_set()}")
    r = await ev.wait()
    trace(f"{name}: wait -> {r}")


async def main():
    ev = asyncio.Event()
    o = asyncio.create_task(other())
    ev.set()
    r = await ev.wait()
    trace(f"main: wait on set event -> {r}")
    r = await ev.wait()
    trace(f"main: again -> {r}")
    await o
    ev.clear()
    trace(f"main: cleared, is_set={ev.is_set()}")
    for rnd in range(2):
        w = asyncio.create_task(waiter(ev, f"w{rnd}"))
        await asyncio.sleep(1)
        trace(f"main: w{rnd} done={w.done()}, setting")
        ev.set()
        await w
        ev.clear()
        trace(f"main: cleared, is_set={ev.is_set()}")


run(main())
