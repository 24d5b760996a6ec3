# A task that catches its CancelledError and calls uncancel() (cancelling()
# back to 0) goes on normally: a later sleep completes, and nothing is
# re-delivered.  A new cancel() afterwards is delivered as usual at the next
# suspension, and cancelling() counts only that one.
import asyncio

from vclock import run, trace


async def worker():
    me = asyncio.current_task()
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"worker: caught {e}, cancelling={me.cancelling()}")
        trace(f"worker: uncancel() -> {me.uncancel()}")
    await asyncio.sleep(1)
    trace(f"worker: sleep(1) completed, cancelling={me.cancelling()}")
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"worker: cancelled again: {e}, cancelling={me.cancelling()}")
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(2)
    trace(f"main: cancel('first') -> {task.cancel('first')}")
    await asyncio.sleep(3)
    trace(f"main: task done={task.done()}, cancelling={task.cancelling()}")
    trace(f"main: cancel('second') -> {task.cancel('second')}")
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"main: task raised CancelledError: {e}, cancelled={task.cancelled()}, "
              f"cancelling={task.cancelling()}")


run(main())
