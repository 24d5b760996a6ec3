# asyncio.timeout_at takes an absolute deadline on the loop's clock: when()
# is that time and the scope expires exactly then.  A body that ends first
# is left alone.  A deadline already past when the scope is entered fires on
# the next iteration, so even an `await asyncio.sleep(0)` gets TimeoutError.
import asyncio

from vclock import run, trace


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0.5)
    try:
        async with asyncio.timeout_at(loop.time() + 1.5) as tm:
            trace(f"body 1: when={tm.when():.3f}")
            await asyncio.sleep(1)
            trace("body 1: one second in")
            await asyncio.sleep(5)
            trace("body 1: not reached")
    except TimeoutError as e:
        trace(f"after 1: {type(e).__name__}, expired={tm.expired()}")

    async with asyncio.timeout_at(loop.time() + 1) as tm:
        await asyncio.sleep(0.25)
        trace("body 2: done early")
    trace(f"after 2: expired={tm.expired()} when={tm.when():.3f}")

    try:
        async with asyncio.timeout_at(loop.time() - 5) as tm:
            trace(f"body 3: entered, when={tm.when():.3f} expired={tm.expired()}")
            await asyncio.sleep(0)
            trace("body 3: not reached")
    except TimeoutError as e:
        trace(f"after 3: {type(e).__name__}, expired={tm.expired()}")


run(main())
