# Each await of a cancelled future raises a new CancelledError with the
# cancel message: one raised in the handler of a wait_for's TimeoutError is
# not that TimeoutError's cause, which would make a reference cycle.
import asyncio

from vclock import run, trace


async def main():
    f = asyncio.get_running_loop().create_future()
    try:
        await asyncio.wait_for(f, 0.5)
    except TimeoutError as te:
        trace(f"main: TimeoutError caused by {type(te.__cause__).__name__}")
        try:
            await f
        except asyncio.CancelledError as e:
            trace(f"main: CancelledError({e}) again, the cause: {e is te.__cause__}, "
                  f"its context the TimeoutError: {e.__context__ is te}")
    g = asyncio.get_running_loop().create_future()
    g.cancel("stop")
    caught = []
    for _ in range(2):
        try:
            await g
        except asyncio.CancelledError as e:
            caught.append(e)
    trace(f"main: {caught[0]} and {caught[1]}, the same: {caught[0] is caught[1]}")


run(main())
