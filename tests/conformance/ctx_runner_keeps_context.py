# asyncio.Runner runs every main coroutine in one context, copied from the
# caller's when the runner starts: a value set by one run is seen by the
# next.  asyncio.run starts from a fresh copy each time.
import asyncio
import contextvars

from ctxvar import show
from vclock import VirtualLoop, run, trace

counter = contextvars.ContextVar("counter", default=0)


async def bump(label):
    trace(f"{label}: counter={show(counter)}")
    counter.set(counter.get() + 1)
    await asyncio.sleep(0.5)


counter.set(100)
with asyncio.Runner(loop_factory=VirtualLoop) as runner:
    counter.set(200)    # after the runner's copy: not seen by its runs
    runner.run(bump("runner run 1"))
    runner.run(bump("runner run 2"))
    runner.run(bump("runner run 3"))
run(bump("asyncio.run 1"))
run(bump("asyncio.run 2"))
print(f"caller: counter={show(counter)}")
