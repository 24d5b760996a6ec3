# as_completed counts a future given several times once: it is yielded a
# single time and the iteration ends after the distinct inputs, whether the
# repeated future is pending or already done.
import asyncio

from vclock import run, trace


async def worker(name, delay):
    await asyncio.sleep(delay)
    trace(f"{name}: finished")
    return name


async def main():
    loop = asyncio.get_running_loop()
    d = loop.create_future()
    d.set_result("d")
    a = asyncio.create_task(worker("a", 0.2))
    b = asyncio.create_task(worker("b", 0.1))
    trace("main: as_completed([a, b, a, d, a, b, d])")
    n = 0
    async for f in asyncio.as_completed([a, b, a, d, a, b, d]):
        n += 1
        trace(f"main: #{n} -> {f.result()}")
    trace(f"main: iteration over after {n}")


run(main())
