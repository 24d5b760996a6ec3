# BaseExceptionGroup.split(type), what `except*` uses: the match and the rest
# keep the group's nesting and messages, empty subgroups are dropped; a type
# that matches the group itself returns the very same group with no rest,
# and a type matching nothing gives no match and a rebuilt copy as the rest.
import asyncio

from vclock import run, trace


def show(e, depth=1):
    pad = "  " * depth
    if e is None:
        trace(f"{pad}None")
    elif isinstance(e, BaseExceptionGroup):
        trace(f"{pad}{type(e).__name__}: {e.message} [{len(e.exceptions)}]")
        for c in e.exceptions:
            show(c, depth + 1)
    else:
        trace(f"{pad}{type(e).__name__}: {e}")


def split(eg, t):
    match, rest = eg.split(t)
    trace(f"split({t.__name__}): match is eg={match is eg}, rest is eg={rest is eg}")
    trace("match:")
    if match is eg:
        trace("  (eg itself)")
    else:
        show(match)
    trace("rest:")
    show(rest)


async def main():
    eg = ExceptionGroup("outer", [
        ValueError("v1"),
        ExceptionGroup("inner", [TypeError("t1"), ValueError("v2")]),
        ExceptionGroup("types", [TypeError("t2")]),
        RuntimeError("r1"),
    ])
    trace(f"eg: {type(eg).__name__}: {eg.message} ({len(eg.exceptions)})")
    split(eg, ValueError)
    split(eg, Exception)
    split(eg, OSError)
    leaves = ExceptionGroup("all", [ValueError("a"), ExceptionGroup("sub", [ValueError("b")])])
    split(leaves, ValueError)


run(main())
