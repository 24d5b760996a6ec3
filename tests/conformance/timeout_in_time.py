# A body that finishes before the deadline leaves asyncio.timeout quietly:
# no error, expired() stays False, when() keeps the deadline, code after the
# scope runs, and the cancelled timer never fires later.  Even timeout(0)
# does not fire if the body never awaits.
import asyncio

from vclock import run, trace


async def compute():
    await asyncio.sleep(0.5)
    trace("compute: returning 7")
    return 7


async def main():
    task = asyncio.current_task()
    trace("main: entering timeout(2)")
    async with asyncio.timeout(2) as tm:
        trace(f"body: when={tm.when():.3f} expired={tm.expired()}")
        await asyncio.sleep(1)
        trace("body: work done")
    trace(f"after scope: expired={tm.expired()} when={tm.when():.3f}")
    await asyncio.sleep(3)
    trace(f"slept past the old deadline: cancelling={task.cancelling()} expired={tm.expired()}")

    async with asyncio.timeout(1) as tm:
        worker = asyncio.create_task(compute())
        value = await worker
        trace(f"body: worker gave {value}")
    trace(f"after scope: expired={tm.expired()} when={tm.when():.3f}")

    async with asyncio.timeout(0) as tm:
        trace(f"body: timeout(0) entered, when={tm.when():.3f}, no await")
    trace(f"after scope: expired={tm.expired()}")
    await asyncio.sleep(0)
    await asyncio.sleep(1)
    trace(f"main: done, cancelling={task.cancelling()}")


run(main())
