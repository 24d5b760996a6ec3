# The awaited future is resolved in the same loop iteration in which the
# wait_for timeout fires, just before it: the caller had not resumed yet, so
# the timeout's cancellation wins and TimeoutError is raised although the
# future holds its result.  Timer first instead: the future is cancelled.
import asyncio

from vclock import run, trace


def resolve(fut, value):
    if fut.done():
        trace(f"resolver: future already done, cancelled={fut.cancelled()}")
    else:
        trace(f"resolver: set_result({value})")
        fut.set_result(value)


async def main():
    loop = asyncio.get_running_loop()
    # Both deadlines fall within one clock resolution (1 ns): one iteration.
    fut = loop.create_future()
    loop.call_later(1.0, resolve, fut, 1)
    try:
        r = await asyncio.wait_for(fut, 1.0 + 1e-10)
        trace(f"main: wait_for returned {r}")
    except TimeoutError as e:
        trace(f"main: {type(e).__name__}, cause {type(e.__cause__).__name__}")
    trace(f"main: future cancelled={fut.cancelled()}, result={fut.result()}")
    fut2 = loop.create_future()
    loop.call_later(1.0 + 1e-10, resolve, fut2, 2)
    try:
        r = await asyncio.wait_for(fut2, 1.0)
        trace(f"main: wait_for returned {r}")
    except TimeoutError as e:
        trace(f"main: {type(e).__name__}, cause {type(e.__cause__).__name__}")
    trace(f"main: future cancelled={fut2.cancelled()}")
    trace(f"main: cancelling={asyncio.current_task().cancelling()}")


run(main())
