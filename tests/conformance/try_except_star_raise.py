# Errors raised inside except* handlers join what no clause handled in a
# new ExceptionGroup("", [...]), as Python builds it; a bare raise keeps
# the matched part, merged back with the rest under the original message
# and in the original order.
import asyncio

from vclock import run, trace


def show(e):
    if isinstance(e, BaseExceptionGroup):
        return f"{type(e).__name__}({e.message}: {', '.join(show(x) for x in e.exceptions)})"
    return f"{type(e).__name__}({e})"


async def batch(mode):
    try:
        await asyncio.sleep(0.5)
        raise ExceptionGroup("batch", [ValueError("a"), TypeError("b"), RuntimeError("c")])
    except* ValueError:
        await asyncio.sleep(0.5)
        trace(f"{mode}: except* ValueError")
        if mode == "raise":
            raise TimeoutError("new")
        raise
    except* TypeError as eg:
        trace(f"{mode}: except* TypeError: {show(eg)}")


async def main():
    for mode in ("raise", "reraise"):
        try:
            await batch(mode)
        except BaseException as e:
            trace(f"{mode}: main caught {show(e)}")


run(main())
