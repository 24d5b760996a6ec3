# timeout(None) / timeout_at(None) never fires: when() is None and the body
# may sleep as long as it likes.  reschedule() arms such a scope (it then
# expires with TimeoutError at the new time), and reschedule(None) disarms
# an armed one, so the old deadline passes without effect.
import asyncio

from vclock import run, trace


def show(when):
    return "None" if when is None else f"{when:.3f}"


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(None) as tm:
        trace(f"body 1: when={show(tm.when())}, sleeping 100")
        await asyncio.sleep(100)
        trace("body 1: woke, no timeout")
    trace(f"after 1: expired={tm.expired()}")

    try:
        async with asyncio.timeout_at(None) as tm:
            await asyncio.sleep(1)
            tm.reschedule(loop.time() + 2)
            trace(f"body 2: rescheduled, when={show(tm.when())}, sleeping 10")
            await asyncio.sleep(10)
            trace("body 2: not reached")
    except TimeoutError as e:
        trace(f"after 2: {type(e).__name__}, expired={tm.expired()} when={show(tm.when())}")

    async with asyncio.timeout(1) as tm:
        trace(f"body 3: when={show(tm.when())}")
        await asyncio.sleep(0.5)
        tm.reschedule(None)
        trace(f"body 3: disarmed, when={show(tm.when())}, sleeping 5")
        await asyncio.sleep(5)
        trace("body 3: woke past the old deadline")
    trace(f"after 3: expired={tm.expired()} cancelling={asyncio.current_task().cancelling()}")


run(main())
