# A cancel from outside (another task's task.cancel()) while inside a
# timeout scope stays a CancelledError: the scope is not expired and raises
# no TimeoutError.  Even when the deadline passed in the same iteration,
# just before the outside cancel, the extra cancel request (cancelling() 2,
# uncancel leaves 1) makes the scope let CancelledError through.
import asyncio

from vclock import run, trace


async def worker1():
    task = asyncio.current_task()
    tm = asyncio.timeout(2)
    try:
        async with tm:
            trace("worker1: in timeout(2), sleeping 10")
            await asyncio.sleep(10)
    except BaseException as e:
        trace(f"worker1: {type(e).__name__}('{e}') left the scope,"
              f" expired={tm.expired()} cancelling={task.cancelling()}")
        raise


async def worker2(fut):
    task = asyncio.current_task()
    tm = asyncio.timeout(1)
    try:
        async with tm:
            trace("worker2: in timeout(1), awaiting a future")
            try:
                await fut
            except asyncio.CancelledError as e:
                trace(f"worker2: body got {type(e).__name__}('{e}'),"
                      f" expired={tm.expired()} cancelling={task.cancelling()}")
                raise
    except BaseException as e:
        trace(f"worker2: {type(e).__name__}('{e}') left the scope,"
              f" expired={tm.expired()} cancelling={task.cancelling()}")
        raise


async def outcome(name, task):
    try:
        await task
    except BaseException as e:
        trace(f"main: {name} raised {type(e).__name__}, cancelled={task.cancelled()}")


async def main():
    loop = asyncio.get_running_loop()
    t1 = asyncio.create_task(worker1())
    await asyncio.sleep(0.5)
    trace("main: cancelling worker1")
    t1.cancel("outside")
    await outcome("worker1", t1)

    fut = loop.create_future()
    t2 = asyncio.create_task(worker2(fut))

    def on_done(f):
        trace(f"callback: future cancelled={f.cancelled()}, cancelling worker2 too")
        t2.cancel("outside")

    fut.add_done_callback(on_done)
    await outcome("worker2", t2)


run(main())
