# A task waiting in Event.wait() or Queue.get() cancelled twice raises the
# first message and counts both requests.  Cancelled after the wake-up but
# before it runs, the event waiter still raises, and the getter passes its
# wake-up on, so the item goes to the next getter.
import asyncio

from vclock import run, trace


async def ev_waiter(ev, name):
    try:
        r = await ev.wait()
    except asyncio.CancelledError as e:
        trace(f"{name}: wait raised CancelledError: {e}")
        raise
    trace(f"{name}: wait -> {r}")


async def getter(q, name):
    try:
        item = await q.get()
    except asyncio.CancelledError as e:
        trace(f"{name}: get raised CancelledError: {e} (qsize={q.qsize()})")
        raise
    trace(f"{name}: got {item}")


async def finish(t, name):
    try:
        await t
    except asyncio.CancelledError:
        pass
    trace(f"main: {name} cancelled={t.cancelled()} cancelling={t.cancelling()}")


async def main():
    ev = asyncio.Event()
    q = asyncio.Queue()
    w = asyncio.create_task(ev_waiter(ev, "w"))
    g = asyncio.create_task(getter(q, "g"))
    await asyncio.sleep(1)
    trace(f"main: cancel w -> {w.cancel('first')}, {w.cancel('second')}")
    trace(f"main: cancel g -> {g.cancel('first')}, {g.cancel('second')}")
    await finish(w, "w")
    await finish(g, "g")
    w = asyncio.create_task(ev_waiter(ev, "w2"))
    g = asyncio.create_task(getter(q, "g2"))
    g3 = asyncio.create_task(getter(q, "g3"))
    await asyncio.sleep(1)
    ev.set()
    q.put_nowait(7)
    trace(f"main: woken; cancel w2 -> {w.cancel('late')}, g2 -> {g.cancel('late')}")
    await finish(w, "w2")
    await finish(g, "g2")
    await finish(g3, "g3")
    trace(f"main: qsize={q.qsize()}")


run(main())
