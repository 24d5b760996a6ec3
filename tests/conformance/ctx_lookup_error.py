# get() on a variable with no value and no default raises LookupError, an
# Exception whose message is the variable's repr; get(default) returns the
# default instead; a variable's own default shows in its repr.
import asyncio
import contextvars

from ctxvar import err, masked, show
from vclock import run, trace

session = contextvars.ContextVar("session")
retries = contextvars.ContextVar("retries", default=3)


async def main():
    try:
        session.get()
    except Exception as e:
        trace(f"caught {err(e)} (LookupError is an Exception: {isinstance(e, Exception)})")
    trace(f"session.get('guest') -> {session.get('guest')}")
    trace(f"retries -> {show(retries)}; repr {masked(repr(retries))}")
    session.set("s-1")
    trace(f"after set: session={show(session)}")


run(main())
