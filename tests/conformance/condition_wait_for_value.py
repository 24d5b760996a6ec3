# Condition.wait_for returns the predicate's last value, not True: a count
# that is 0 (false) until a producer raises it, then a string that is ""
# until filled, and a predicate already true returns at once, without
# waiting.
import asyncio

from vclock import run, trace

state = {"count": 0, "text": ""}


def count():
    trace(f"predicate: count={state['count']}")
    return state["count"]


def text():
    trace(f"predicate: text={state['text']!r}")
    return state["text"]


async def consumer(cond):
    async with cond:
        r = await cond.wait_for(count)
        trace(f"consumer: wait_for(count) -> {r!r}")
        r = await cond.wait_for(text)
        trace(f"consumer: wait_for(text) -> {r!r}")
        r = await cond.wait_for(count)
        trace(f"consumer: wait_for(count) again -> {r!r}")


async def main():
    cond = asyncio.Condition()
    t = asyncio.create_task(consumer(cond))
    await asyncio.sleep(1)
    async with cond:
        cond.notify()
        trace("main: notify with count still 0")
    await asyncio.sleep(1)
    async with cond:
        state["count"] = 3
        cond.notify()
        trace("main: count=3, notify")
    await asyncio.sleep(1)
    async with cond:
        state["text"] = "ready"
        cond.notify_all()
        trace("main: text='ready', notify_all")
    await t


run(main())
