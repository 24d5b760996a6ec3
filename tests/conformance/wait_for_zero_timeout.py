# wait_for with a timeout of 0 or below cancels an unfinished task at once,
# before it ever runs, and raises TimeoutError (caused by the CancelledError)
# without the clock moving; a future that is already done is not cancelled:
# wait_for(fut, 0) returns its result.
import asyncio

from vclock import run, trace


async def worker(name):
    trace(f"{name}: started (not reached)")
    await asyncio.sleep(1)
    return name


async def sleeper():
    trace("sleeper: started, sleeping 5")
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        trace("sleeper: cancelled, cleaning up for 0.25")
        await asyncio.sleep(0.25)
        raise


async def main():
    for timeout in (0, -1):
        t = asyncio.create_task(worker(f"w{timeout}"))
        try:
            await asyncio.wait_for(t, timeout)
            trace("main: not reached")
        except TimeoutError as e:
            trace(f"main: timeout {timeout}: {type(e).__name__}, cause {type(e.__cause__).__name__}")
        trace(f"main: task cancelled={t.cancelled()}")
    s = asyncio.create_task(sleeper())
    await asyncio.sleep(1)
    try:
        await asyncio.wait_for(s, 0)
    except TimeoutError as e:
        trace(f"main: started task, timeout 0: {type(e).__name__}, cancelled={s.cancelled()}")
    fut = asyncio.get_running_loop().create_future()
    fut.set_result(7)
    r = await asyncio.wait_for(fut, 0)
    trace(f"main: done future, timeout 0 -> {r}, cancelled={fut.cancelled()}")


run(main())
