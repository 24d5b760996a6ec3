# Condition.wait() without the lock raises RuntimeError("cannot wait on
# un-acquired lock"), and notify()/notify_all() without it RuntimeError
# ("cannot notify on un-acquired lock").  wait_for() checks its predicate
# first, so a true predicate returns without the lock; with the lock held,
# notifying nobody is fine.  locked() follows the condition's own lock.
import asyncio

from vclock import run, trace


def check(what, fn):
    try:
        fn()
        trace(f"{what}: ok")
    except RuntimeError as e:
        trace(f"{what}: {type(e).__name__}: {e}")


def pred(value):
    def p():
        trace(f"predicate -> {value}")
        return value
    return p


async def main():
    cond = asyncio.Condition()
    trace(f"locked={cond.locked()}")
    try:
        await cond.wait()
    except RuntimeError as e:
        trace(f"wait: {type(e).__name__}: {e}")
    r = await cond.wait_for(pred(True))
    trace(f"wait_for(true) -> {r}")
    try:
        await cond.wait_for(pred(False))
    except RuntimeError as e:
        trace(f"wait_for(false): {type(e).__name__}: {e}")
    check("notify(1)", lambda: cond.notify(1))
    check("notify_all", cond.notify_all)
    async with cond:
        trace(f"inside: locked={cond.locked()}")
        check("notify(1)", lambda: cond.notify(1))
        check("notify_all", cond.notify_all)
    trace(f"after: locked={cond.locked()}")


run(main())
