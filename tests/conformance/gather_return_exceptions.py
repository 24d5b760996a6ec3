# With return_exceptions=True a child's error does not fail the gather: the
# awaiter wakes once every child is done and gets the errors as items of the
# result list, in argument order among the ordinary results (None included).
import asyncio

from child import child
from vclock import fmt, run, trace


class QuotaError(Exception):
    pass


async def main():
    tasks = [
        asyncio.create_task(child("a", 2, result="A")),
        asyncio.create_task(child("b", 1, fail=ValueError("bad b"))),
        asyncio.create_task(child("c", 3, fail=QuotaError("over quota"))),
        asyncio.create_task(child("d", 0.5)),
        asyncio.create_task(child("e", 1.5, result=5)),
    ]
    trace("main: awaiting gather(a, b, c, d, e, return_exceptions=True)")
    res = await asyncio.gather(*tasks, return_exceptions=True)
    trace(f"main: gather returned {len(res)} items")
    for i, item in enumerate(res):
        if isinstance(item, BaseException):
            trace(f"main: item {i} is error {type(item).__name__}: {item}")
        else:
            trace(f"main: item {i} is {type(item).__name__}: {item}")
    trace(f"main: b.exception() is {fmt(tasks[1].exception())}")


run(main())
