# asend: the value sent becomes the value of the yield expression inside
# the generator, between awaits of its own; anext sends None.  The first
# send must be None (TypeError, and the generator stays unstarted); a
# finished generator raises StopAsyncIteration; while one task is inside
# asend, another task's asend raises RuntimeError ("already running").
import asyncio

from vclock import run, trace


async def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        trace(f"gen: got {value!r}")
        if value is None:
            trace("gen: None ends it")
            return
        if isinstance(value, str):
            value = len(value)
        await asyncio.sleep(0.5)
        total += value
        count += 1
        average = total // count


async def report(label, aw):
    try:
        trace(f"{label}: {await aw!r}")
    except (TypeError, RuntimeError, StopAsyncIteration) as e:
        trace(f"{label}: {type(e).__name__}: {e}")


async def main():
    gen = averager()
    await report("asend 10 first", gen.asend(10))
    await report("asend None", gen.asend(None))
    await report("asend 10", gen.asend(10))
    await report("asend 'hello'", gen.asend("hello"))
    await report("asend 31", gen.asend(31))
    t = asyncio.create_task(report("task asend 6", gen.asend(6)))
    await asyncio.sleep(0.1)
    await report("asend 1 meanwhile", gen.asend(1))
    await report("anext meanwhile", anext(gen))
    await t
    await report("anext", anext(gen))
    await report("asend 5 after", gen.asend(5))
    await report("anext after", anext(gen))


run(main())
