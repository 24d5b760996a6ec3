# FIRST_EXCEPTION returns at the first failure with the failed task in done
# (its exception then retrieved from the set), while a task that finished
# normally before it is in done as well and the slow one stays pending.
import asyncio

from vclock import run, trace


async def ok(delay):
    await asyncio.sleep(delay)
    return "ok"


async def bad(delay):
    await asyncio.sleep(delay)
    raise ValueError("bad")


async def main():
    tasks = [
        asyncio.create_task(ok(1), name="fast"),
        asyncio.create_task(bad(2), name="bad"),
        asyncio.create_task(ok(5), name="slow"),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for t in tasks:
        if t in done:
            e = t.exception()
            trace(f"main: done {t.get_name()}: " + (f"{type(e).__name__}: {e}" if e else repr(t.result())))
        if t in pending:
            trace(f"main: pending {t.get_name()}")
    for t in pending:
        t.cancel()
    done, pending = await asyncio.wait(pending)
    trace(f"main: after cancel {len(done)} done, {len(pending)} pending")


run(main())
