# BaseExceptionGroup(msg, errors) is an ExceptionGroup (an Exception) when
# every error is an Exception, nested groups included, else a
# BaseExceptionGroup: a CancelledError inside makes it one, so `except
# Exception` would not catch it.  split() picks the type again for each part.
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


def describe(name, g):
    trace(f"{name}: {type(g).__name__}, Exception={isinstance(g, Exception)}, "
          f"ExceptionGroup={isinstance(g, ExceptionGroup)}, "
          f"BaseExceptionGroup={isinstance(g, BaseExceptionGroup)}")


def split(name, g, t):
    match, rest = g.split(t)
    trace(f"{name}.split({t.__name__}):")
    show(match)
    show(rest)


async def main():
    plain = BaseExceptionGroup("plain", [ValueError("v"), TypeError("t")])
    describe("plain", plain)
    mixed = BaseExceptionGroup("mixed", [ValueError("v"), asyncio.CancelledError("c")])
    describe("mixed", mixed)
    split("mixed", mixed, asyncio.CancelledError)
    nested = BaseExceptionGroup("outer", [
        ExceptionGroup("errors", [ValueError("v")]),
        BaseExceptionGroup("cancels", [asyncio.CancelledError("c")]),
    ])
    describe("nested", nested)
    describe("nested[0]", nested.exceptions[0])
    split("nested", nested, Exception)
    wrapped = BaseExceptionGroup("wrapped", [ExceptionGroup("errors", [ValueError("v")])])
    describe("wrapped", wrapped)


run(main())
