# Several except clauses: the first whose type matches wins, subclasses
# included (TimeoutError is an OSError), an error from an awaited
# coroutine included; else runs without an error, finally always.
import asyncio

from vclock import run, trace


async def work(kind):
    await asyncio.sleep(0.5)
    if kind == "timeout":
        raise TimeoutError("slow")
    if kind == "value":
        raise ValueError("bad")
    if kind == "runtime":
        raise RuntimeError("broken")
    return kind


async def attempt(kind):
    try:
        r = await work(kind)
        trace(f"{kind}: body got {r}")
    except ValueError as e:
        trace(f"{kind}: except ValueError: {e}")
    except OSError as e:
        trace(f"{kind}: except OSError: {type(e).__name__}: {e}")
    except Exception as e:
        trace(f"{kind}: except Exception: {type(e).__name__}: {e}")
    else:
        trace(f"{kind}: else")
    finally:
        trace(f"{kind}: finally")


async def main():
    for kind in ("ok", "timeout", "value", "runtime"):
        await attempt(kind)


run(main())
