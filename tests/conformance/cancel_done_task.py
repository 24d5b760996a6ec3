# cancel() on a task that is already done returns False and changes nothing,
# whether it returned a value, raised, or was cancelled: cancelling() is not
# incremented, result() / exception() / the cancellation message stay as
# they were.
import asyncio

from vclock import run, trace


async def ok():
    await asyncio.sleep(0.1)
    return 7


async def bad():
    await asyncio.sleep(0.2)
    raise ValueError("bad")


async def victim():
    await asyncio.sleep(10)


async def main():
    tasks = {"ok": asyncio.create_task(ok()),
             "bad": asyncio.create_task(bad()),
             "victim": asyncio.create_task(victim())}
    await asyncio.sleep(0)
    trace(f"main: victim.cancel('early') -> {tasks['victim'].cancel('early')}")
    await asyncio.sleep(1)
    for name in ("ok", "bad", "victim"):
        t = tasks[name]
        trace(f"{name}: done={t.done()}, cancel('late') -> {t.cancel('late')}, "
              f"cancelling={t.cancelling()}, cancelled={t.cancelled()}")
    trace(f"ok: result()={tasks['ok'].result()}")
    e = tasks["bad"].exception()
    trace(f"bad: exception()={type(e).__name__}: {e}")
    try:
        await tasks["victim"]
    except asyncio.CancelledError as e:
        trace(f"victim: await raises CancelledError: {e}")


run(main())
