# gather over plain futures that call_later callbacks resolve: the last
# set_result runs the gather's done callback one iteration later, which
# wakes the awaiter one iteration after that (two call_soon hops, seen
# against a chain of call_soon ticks); a set_exception fails the gather at
# once and leaves the other future pending.
import asyncio

from vclock import fmt, run, trace


async def main():
    loop = asyncio.get_running_loop()
    p, q, r = loop.create_future(), loop.create_future(), loop.create_future()

    def tick(n):
        trace(f"tick {n}")
        if n < 3:
            loop.call_soon(tick, n + 1)

    def resolve(fut, name, value, ticks=False):
        trace(f"timer: {name}.set_result({value})")
        fut.set_result(value)
        if ticks:
            loop.call_soon(tick, 1)

    loop.call_later(2, resolve, p, "p", "P")
    loop.call_later(1, resolve, q, "q", "Q")
    loop.call_later(3, resolve, r, "r", "R", True)
    trace("main: awaiting gather(p, q, r)")
    res = await asyncio.gather(p, q, r)
    trace(f"main: gather -> {fmt(res)}")

    s, t = loop.create_future(), loop.create_future()

    def fail_s():
        trace("timer: s.set_exception(ValueError(s bad))")
        s.set_exception(ValueError("s bad"))

    loop.call_later(1, fail_s)
    try:
        await asyncio.gather(s, t)
    except ValueError as e:
        trace(f"main: gather(s, t) raised {fmt(e)}, t.done()={t.done()}")
    t.set_result("T")
    await asyncio.sleep(0)
    trace(f"main: t -> {t.result()}")


run(main())
