# An exception raised by a function run with asyncio.to_thread is raised
# by the await, type and message intact; gather(return_exceptions=True)
# puts it in its place in the results, a plain gather raises it; the loop
# and the executor go on working after.
import asyncio

from vclock import fmt, note


def double(x):
    return x * 2


def fail(message):
    raise ValueError(message)


def crash():
    raise RuntimeError("the worker broke")


async def main():
    try:
        await asyncio.to_thread(fail, "bad input 7")
    except ValueError as e:
        note(f"to_thread(fail) raised {type(e).__name__}({e})")
    try:
        await asyncio.to_thread(crash)
    except RuntimeError as e:
        note(f"to_thread(crash) raised {type(e).__name__}({e})")
    results = await asyncio.gather(asyncio.to_thread(double, 1), asyncio.to_thread(fail, "second"),
                                   asyncio.to_thread(double, 3), return_exceptions=True)
    note(f"gather(return_exceptions=True) -> {fmt(results)}")
    try:
        await asyncio.gather(asyncio.to_thread(double, 1), asyncio.to_thread(fail, "the only failure"))
    except ValueError as e:
        note(f"gather raised {type(e).__name__}({e})")
    note(f"then to_thread(double, 5) -> {await asyncio.to_thread(double, 5)}")


asyncio.run(main())
