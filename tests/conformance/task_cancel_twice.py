# Cancelling a suspended task twice before it runs: the first cancel()
# cancels the future it awaits (with the first message); the second finds
# that future already cancelled and only marks the task (_must_cancel).  The
# task is woken by its future, so the CancelledError it sees, and the one
# its awaiter sees, carry the first message; cancelling() counts both.
import asyncio

from vclock import run, trace


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        trace(f"worker: caught {type(e).__name__}: {e}")
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    trace(f"main: cancel('first') -> {task.cancel('first')}")
    trace(f"main: cancel('second') -> {task.cancel('second')}")
    trace(f"main: cancelling={task.cancelling()}")
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"main: awaiting worker raised {type(e).__name__}: {e}")
    trace(f"main: cancelled={task.cancelled()}")


run(main())
