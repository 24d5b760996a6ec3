# An error's args and str() by type, as a coroutine raises them and its
# awaiter reads them: none (str ""), one (its str, even ""), several (the
# tuple), OSError's "[Errno N] strerror" with a filename kept out of args,
# and a TimeoutError, an OSError, built the same way.  (errno 5, EIO on
# Linux, maps to no OSError subclass: a C OSError keeps its type.)
import asyncio

from vclock import run, trace

ERRORS = [
    lambda: ValueError(),
    lambda: ValueError(""),
    lambda: ValueError("bad value"),
    lambda: RuntimeError("a", 2, None, 1.5, b"x\n", True),
    lambda: OSError(5, "Input/output error"),
    lambda: OSError(5, "Input/output error", "a.txt"),
    lambda: TimeoutError(110, "timed out"),
    lambda: Exception([1, "two"], -0.25),
]


async def fail(i):
    await asyncio.sleep(0)
    raise ERRORS[i]()


async def main():
    for i in range(len(ERRORS)):
        try:
            await fail(i)
        except Exception as e:
            trace(f"{e!r}: str={e} args={len(e.args)} errno={getattr(e, 'errno', None)}")


run(main())
