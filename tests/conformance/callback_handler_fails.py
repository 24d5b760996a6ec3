# An exception handler that raises: asyncio reports "Unhandled error in
# exception handler" through the default handler (on stderr) and goes on;
# the next failing callback reaches the custom handler again.
import asyncio

from vclock import run, trace


def fail(n):
    trace(f"fail({n}): raising")
    raise ValueError(f"bad {n}")


async def main():
    loop = asyncio.get_running_loop()
    calls = 0

    def handler(loop, ctx):
        nonlocal calls
        calls += 1
        trace(f"handler: call {calls} for {ctx['exception']}, raising")
        raise RuntimeError("handler broke")

    loop.set_exception_handler(handler)
    loop.call_soon(fail, 1)
    loop.call_soon(trace, "next callback runs")
    await asyncio.sleep(1)
    loop.call_soon(fail, 2)
    await asyncio.sleep(1)
    trace(f"main: handler called {calls} times")


run(main())
