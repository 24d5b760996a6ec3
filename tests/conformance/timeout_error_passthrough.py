# An ordinary error raised in a timeout body passes through the scope
# unchanged (same type and message, no cause): before the deadline the scope
# is not expired and its timer never fires; raised while handling the
# timeout's own cancellation it still replaces it, so no TimeoutError.
import asyncio

from vclock import run, trace


async def failing():
    await asyncio.sleep(0.25)
    raise RuntimeError("worker broke")


async def main():
    task = asyncio.current_task()
    try:
        async with asyncio.timeout(1) as tm:
            await asyncio.sleep(0.5)
            trace("body 1: raising ValueError")
            raise ValueError("bad value")
    except ValueError as e:
        trace(f"after 1: {type(e).__name__}: {e}, cause={type(e.__cause__).__name__}, expired={tm.expired()}")
    await asyncio.sleep(2)
    trace(f"main: slept past the deadline, cancelling={task.cancelling()}")

    try:
        async with asyncio.timeout(1) as tm:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                trace("body 2: timed out, raising ValueError instead")
                raise ValueError("gave up")
    except ValueError as e:
        trace(f"after 2: {type(e).__name__}: {e}, cause={type(e.__cause__).__name__},"
              f" expired={tm.expired()} cancelling={task.cancelling()}")

    try:
        async with asyncio.timeout(1) as tm:
            await asyncio.create_task(failing())
    except RuntimeError as e:
        trace(f"after 3: {type(e).__name__}: {e}, expired={tm.expired()}")
    await asyncio.sleep(2)
    trace(f"main: done, cancelling={task.cancelling()}")


run(main())
