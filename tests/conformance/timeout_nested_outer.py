# Nested timeouts where the OUTER deadline passes first: the cancellation
# travels through the inner scopes unchanged (they stay not expired and let
# CancelledError through) and only the outer scope, whose deadline passed,
# turns it into TimeoutError.  cancelling() is back to 0 afterwards.
import asyncio

from vclock import run, trace

NAMES = ["outer", "middle", "inner"]
DELAYS = [1, 3, 5]


async def level(i, tms):
    tms[i] = tm = asyncio.timeout(DELAYS[i])
    try:
        async with tm:
            trace(f"{NAMES[i]}: entered, when={tm.when():.3f}")
            if i == len(NAMES) - 1:
                await asyncio.sleep(10)
                trace("inner: not reached")
            else:
                await level(i + 1, tms)
    except BaseException as e:
        trace(f"{NAMES[i]}: {type(e).__name__} leaves the scope, expired={tm.expired()}")
        raise


async def main():
    tms = [None] * 3
    try:
        await level(0, tms)
    except TimeoutError as e:
        trace(f"main: caught {type(e).__name__}, cause {type(e.__cause__).__name__}")
    flags = " ".join(f"{NAMES[i]}={tms[i].expired()}" for i in range(3))
    trace(f"main: expired {flags}, cancelling={asyncio.current_task().cancelling()}")
    await asyncio.sleep(10)
    trace("main: the inner deadlines never fire")


run(main())
