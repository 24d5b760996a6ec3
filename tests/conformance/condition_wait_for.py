# wait_for(predicate) evaluates the predicate first, with the lock held,
# and again each time the waiter is woken and has re-acquired the lock; it
# returns once the predicate holds, waiting again while it is false.  Two
# waiters on one condition each re-check their own predicate after
# notify_all(), in FIFO order.
import asyncio

from vclock import run, trace

state = {"count": 0}


def at_least(name, need):
    def pred():
        ok = state["count"] >= need
        trace(f"{name}: predicate count={state['count']} >= {need} -> {ok}")
        return ok
    return pred


async def waiter(cond, name, need):
    async with cond:
        r = await cond.wait_for(at_least(name, need))
        trace(f"{name}: wait_for -> {r}, locked={cond.locked()}")


async def main():
    cond = asyncio.Condition()
    a = asyncio.create_task(waiter(cond, "a", 3))
    b = asyncio.create_task(waiter(cond, "b", 1))
    for _ in range(4):
        await asyncio.sleep(1)
        async with cond:
            state["count"] += 1
            trace(f"main: count={state['count']}, notify_all")
            cond.notify_all()
    await a
    await b
    async with cond:
        r = await cond.wait_for(at_least("main", 4))
        trace(f"main: wait_for -> {r}")


run(main())
