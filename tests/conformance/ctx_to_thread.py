# asyncio.to_thread runs the function in a copy of the caller's context:
# it sees the caller's values, and its own sets stay on its side.
import asyncio
import contextvars

from ctxvar import show
from vclock import note

trace_id = contextvars.ContextVar("trace_id")


def work(tag):
    seen = show(trace_id)
    trace_id.set(f"{tag} (thread)")
    return f"{tag}: saw {seen}, now {show(trace_id)}"


async def main():
    note(await asyncio.to_thread(work, "before any set"))
    trace_id.set("abc")
    note(await asyncio.to_thread(work, "after set"))
    note(f"caller: trace_id={show(trace_id)}")
    trace_id.set("xyz")
    results = await asyncio.gather(asyncio.to_thread(work, "one"), asyncio.to_thread(work, "two"))
    for r in results:
        note(r)
    note(f"caller: trace_id={show(trace_id)}")


asyncio.run(main())
