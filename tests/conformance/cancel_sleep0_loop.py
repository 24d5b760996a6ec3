# A task spinning on sleep(0) is never suspended on a future, so cancel()
# only marks it: the CancelledError comes out of its pending sleep(0) at its
# next step, in the same loop iteration order, without time moving.  It can
# catch it and keep spinning; a second cancel() is delivered the same way.
import asyncio

from vclock import run, trace


async def spinner():
    me = asyncio.current_task()
    caught = 0
    for n in range(1, 7):
        try:
            await asyncio.sleep(0)
            trace(f"spinner: round {n}")
        except asyncio.CancelledError as e:
            caught += 1
            trace(f"spinner: round {n} cancelled ({e}), cancelling={me.cancelling()}")
    return caught


async def main():
    task = asyncio.create_task(spinner())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    trace(f"main: cancel('one') -> {task.cancel('one')}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    trace(f"main: cancel('two') -> {task.cancel('two')}")
    caught = await task
    trace(f"main: spinner caught {caught}, cancelled={task.cancelled()}, cancelling={task.cancelling()}")


run(main())
