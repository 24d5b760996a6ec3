# Lock.release() on an unlocked lock raises RuntimeError("Lock is not
# acquired."), before any acquire and after a matching release alike.
# acquire() on a free lock returns True at once, without letting other
# tasks run, and the lock has no owner: another task may release it.
import asyncio

from vclock import run, trace


def try_release(who, lock):
    try:
        lock.release()
        trace(f"{who}: release ok, locked={lock.locked()}")
    except RuntimeError as e:
        trace(f"{who}: release -> {type(e).__name__}: {e}")


async def other(lock):
    trace(f"other: running, locked={lock.locked()}")
    try_release("other", lock)


async def main():
    lock = asyncio.Lock()
    try_release("main", lock)
    t = asyncio.create_task(other(lock))
    r = await lock.acquire()
    trace(f"main: acquire -> {r}, locked={lock.locked()}")
    try_release("main", lock)
    try_release("main", lock)
    await lock.acquire()
    trace(f"main: acquired again, locked={lock.locked()}")
    await t
    trace(f"main: after other, locked={lock.locked()}")
    try_release("main", lock)


run(main())
