# CancelledError derives from BaseException, not Exception (3.8+): an
# `except Exception` handler lets a cancellation through, while it does
# catch an ordinary error such as ValueError; an outer `except
# BaseException` catches the cancellation.
import asyncio

from vclock import run, trace


async def nap(name, fail):
    await asyncio.sleep(1)
    if fail:
        raise ValueError(f"{name} failed")


async def guarded(name, fail):
    try:
        await nap(name, fail)
        trace(f"{name}: not reached")
    except Exception as e:
        trace(f"{name}: except Exception caught {type(e).__name__}: {e}")
        return "handled"
    return "finished"


async def worker(name, fail):
    try:
        result = await guarded(name, fail)
        trace(f"{name}: guarded returned {result}")
    except BaseException as e:
        trace(f"{name}: except BaseException caught {type(e).__name__}: {e}")
        trace(f"{name}: is Exception={isinstance(e, Exception)}, "
              f"is BaseException={isinstance(e, BaseException)}")
        raise


async def main():
    failing = asyncio.create_task(worker("failing", True))
    cancelled = asyncio.create_task(worker("cancelled", False))
    await asyncio.sleep(0.5)
    trace(f"main: cancel -> {cancelled.cancel('not an Exception')}")
    await asyncio.sleep(1)
    trace(f"main: failing cancelled={failing.cancelled()}, cancelled cancelled={cancelled.cancelled()}")


run(main())
