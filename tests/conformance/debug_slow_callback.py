# In debug mode a callback or a task step that runs for
# loop.slow_callback_duration (0.1 s by default) or longer is reported:
# "Executing <Handle work(...) ...> took 0.200 seconds".  asyncio logs it
# as a warning; wasyncio hands it to the exception handler.  The virtual
# clock stands for the work: each callback moves it on by what it "takes".
# Both sides print what was slow and for how long.
import asyncio
import logging
import re

from vclock import advance, run, trace

SLOW = re.compile(r"Executing <(?:Task \w+ name='(?P<task>[^']*)'|(?:Timer)?Handle (?:when=\S+ )?(?P<cb>\w+)\().*"
                  r"> took (?P<dt>[\d.]+) seconds$", re.S)


class Slow(logging.Handler):
    def emit(self, record):
        m = SLOW.match(record.getMessage())
        if m:
            what = f"task {m['task']}" if m["task"] else f"callback {m['cb']}"
            trace(f"slow: {what} took {m['dt']} s")


def work(seconds):
    trace(f"work: {seconds} s")
    advance(seconds)


async def stepper(seconds):
    trace("stepper: start")
    advance(seconds)
    await asyncio.sleep(0)
    trace("stepper: done")


async def amain():
    loop = asyncio.get_running_loop()
    trace(f"main: slow_callback_duration {loop.slow_callback_duration}")
    loop.call_soon(work, 0.2)
    loop.call_soon(work, 0.05)
    loop.call_later(1, work, 0.15)
    await asyncio.create_task(stepper(0.25), name="stepper")
    await asyncio.sleep(2)
    loop.slow_callback_duration = 0.3
    trace(f"main: slow_callback_duration {loop.slow_callback_duration}")
    loop.call_soon(work, 0.2)
    loop.call_soon(work, 0.35)
    await asyncio.sleep(1)
    trace("main: done")


logger = logging.getLogger("asyncio")
logger.addHandler(Slow())
logger.propagate = False
run(amain(), debug=True)
