# Timeout.reschedule out of its active state and TaskGroup.create_task on a
# finished group raise RuntimeError, not InvalidStateError: the type a C
# caller reads with wa_last_error_type.
import asyncio

from vclock import run, trace


def show(what, call):
    try:
        call()
        trace(f"{what}: no error")
    except Exception as e:
        trace(f"{what}: {type(e).__name__}: {e}")


async def noop():
    pass


async def inner(cm):
    async with cm:
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            show("reschedule while expiring", lambda: cm.reschedule(5))
            raise


async def main():
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout_at(loop.time() + 0.5)
    show("reschedule before entering", lambda: cm.reschedule(5))
    try:
        await inner(cm)
    except TimeoutError:
        trace("main: TimeoutError")
    show("reschedule after exit", lambda: cm.reschedule(5))
    async with asyncio.TaskGroup() as tg:
        pass
    c = noop()
    show("create_task after exit", lambda: tg.create_task(c))
    c.close()


run(main())
