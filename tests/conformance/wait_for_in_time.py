# wait_for returns the awaited task's result when it finishes before the
# timeout; the timeout is disarmed on the way out, so the caller is not
# cancelled later and the task is not cancelled either.
import asyncio

from vclock import run, trace


async def worker():
    trace("worker: working for 0.5")
    await asyncio.sleep(0.5)
    trace("worker: returning 'done'")
    return "done"


async def main():
    t = asyncio.create_task(worker())
    trace("main: wait_for(worker, 2)")
    r = await asyncio.wait_for(t, 2)
    trace(f"main: wait_for returned {r}")
    trace(f"main: worker cancelled={t.cancelled()}, cancelling={t.cancelling()}")
    await asyncio.sleep(3)
    trace(f"main: still running, cancelling={asyncio.current_task().cancelling()}")


run(main())
