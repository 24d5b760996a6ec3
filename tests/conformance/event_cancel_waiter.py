# A task cancelled while blocked in Event.wait() gets CancelledError and
# leaves the other waiters in place; set() still wakes all of them, and a
# clear() right after set(), before they run, does not take the wake-up
# back: their wait() returns True while is_set() is already False.
import asyncio

from vclock import run, trace


async def waiter(ev, name):
    trace(f"{name}: waiting")
    try:
        r = await ev.wait()
    except asyncio.CancelledError as e:
        trace(f"{name}: wait raised {type(e).__name__}: {e}")
        raise
    trace(f"{name}: wait -> {r}, is_set={ev.is_set()}")


async def main():
    ev = asyncio.Event()
    names = ["a", "b", "c"]
    tasks = [asyncio.create_task(waiter(ev, n)) for n in names]
    await asyncio.sleep(1)
    tasks[1].cancel("stop b")
    await asyncio.sleep(1)
    trace(f"main: b done={tasks[1].done()}, set then clear")
    ev.set()
    ev.clear()
    trace(f"main: is_set={ev.is_set()}")
    for n, t in zip(names, tasks):
        try:
            await t
        except asyncio.CancelledError:
            pass
        trace(f"main: {n} cancelled={t.cancelled()}")
    late = asyncio.create_task(waiter(ev, "late"))
    await asyncio.sleep(1)
    trace(f"main: late done={late.done()}")
    ev.set()
    await late


run(main())
