# A producer and two consumers share a buffer guarded by a Condition:
# consumers wait_for() a non-empty buffer, the producer appends one item at
# a time under the lock and notify(1)s, so each item goes to the consumer
# that has waited longest; a None item stops one consumer.
import asyncio

from vclock import run, trace

buf = []


async def consumer(cond, name):
    while True:
        async with cond:
            await cond.wait_for(lambda: len(buf) > 0)
            item = buf.pop(0)
        if item is None:
            trace(f"{name}: stop")
            return
        trace(f"{name}: got {item}, processing")
        await asyncio.sleep(0.3)


async def producer(cond):
    for item in [1, 2, 3, 4, 5, None, None]:
        await asyncio.sleep(0.2)
        async with cond:
            buf.append(item)
            cond.notify(1)
        trace(f"producer: put {'None' if item is None else item}")


async def main():
    cond = asyncio.Condition()
    consumers = [asyncio.create_task(consumer(cond, n)) for n in ["x", "y"]]
    await producer(cond)
    for c in consumers:
        await c
    trace(f"main: left={len(buf)}, locked={cond.locked()}")


run(main())
