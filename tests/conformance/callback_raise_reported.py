# A callback that raises does not stop the loop: asyncio reports it to the
# exception handler with the keys message ("Exception in callback ..."),
# exception and handle (the very handle call_soon / call_later returned),
# and runs the next callbacks as usual.
import asyncio

from vclock import run, trace


def fail(n):
    trace(f"fail({n}): raising")
    raise ValueError(f"bad {n}")


def ok(n):
    trace(f"ok({n}): runs")


async def main():
    loop = asyncio.get_running_loop()
    handles = {}

    def handler(loop, ctx):
        exc = ctx["exception"]
        trace(f"handler: keys={','.join(sorted(ctx))} "
              f"message starts {ctx['message'].startswith('Exception in callback ')} "
              f"{type(exc).__name__}: {exc} handle={handles.get(ctx['handle'], '?')}")

    trace(f"main: default handler={loop.get_exception_handler() is None}")
    loop.set_exception_handler(handler)
    trace(f"main: custom handler={loop.get_exception_handler() is handler}")
    handles[loop.call_soon(fail, 1)] = "h1"
    handles[loop.call_soon(ok, 2)] = "h2"
    handles[loop.call_later(1, fail, 3)] = "t3"
    handles[loop.call_later(1, ok, 4)] = "t4"
    await asyncio.sleep(2)
    loop.set_exception_handler(None)
    trace(f"main: default again={loop.get_exception_handler() is None}")


run(main())
