# A cancelled getter never loses an item.  Round 1: put wakes g1, and g1 is
# cancelled in the same iteration, before it runs; its get() passes the
# wake-up on, so the item goes to g2.  Round 2: g3 is cancelled before the
# put, which then skips its cancelled waiter and wakes g4 directly.
import asyncio

from vclock import run, trace


async def getter(name, q):
    trace(f"{name}: waiting")
    try:
        item = await q.get()
    except asyncio.CancelledError:
        trace(f"{name}: cancelled (qsize={q.qsize()})")
        raise
    trace(f"{name}: got {item}")


async def round_(q, first, second, item, cancel_first):
    t1 = asyncio.create_task(getter(first, q))
    t2 = asyncio.create_task(getter(second, q))
    await asyncio.sleep(0.1)
    if cancel_first:
        trace(f"main: cancel {first} -> {t1.cancel()}")
    q.put_nowait(item)
    trace(f"main: put {item}")
    if not cancel_first:
        trace(f"main: cancel {first} -> {t1.cancel()}")
    for t in (t1, t2):
        try:
            await t
        except asyncio.CancelledError:
            pass
    trace(f"main: {first} cancelled={t1.cancelled()}, qsize={q.qsize()}")


async def main():
    q = asyncio.Queue()
    await round_(q, "g1", "g2", "one", False)
    await asyncio.sleep(1)
    await round_(q, "g3", "g4", "two", True)


run(main())
