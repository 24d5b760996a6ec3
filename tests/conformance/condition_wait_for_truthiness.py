# wait_for treats the predicate's value as Python's bool() does: None,
# False, 0, 0.0, "", b"" and [] are false and make it wait again; each
# wake-up tries the next value, and the first true one is returned.
import asyncio

from vclock import run, trace

VALUES = [None, False, 0, 0.0, "", b"", [], 0.5]


async def main():
    cond = asyncio.Condition()
    i = 0

    def pred():
        v = VALUES[i]
        trace(f"predicate -> {v!r}")
        return v

    async def waiter():
        async with cond:
            r = await cond.wait_for(pred)
            trace(f"waiter: wait_for -> {r!r}")

    t = asyncio.create_task(waiter())
    while not t.done():
        await asyncio.sleep(1)
        async with cond:
            i += 1
            cond.notify()
    trace(f"main: {i} notifications")


run(main())
