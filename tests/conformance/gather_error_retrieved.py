# Once a gather has failed, a later error of another child is marked
# retrieved by the gather's done callback, so dropping that child reports
# nothing; a failed task that no gather watched and nobody read reports
# "Task exception was never retrieved" to the loop's exception handler.
import asyncio
import gc

from child import child
from vclock import fmt, run, trace


def handler(loop, context):
    trace(f"handler: {context['message']}: {fmt(context.get('exception'))}", loop)


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    a = asyncio.create_task(child("a", 1, fail=ValueError("a bad")))
    b = asyncio.create_task(child("b", 2, fail=RuntimeError("b bad")))
    c = asyncio.create_task(child("c", 2.5, fail=ValueError("c bad")))
    try:
        await asyncio.gather(a, b)
    except ValueError as e:
        trace(f"main: gather raised {fmt(e)}")
    await asyncio.sleep(3)
    trace(f"main: b.done()={b.done()} c.done()={c.done()}; dropping a, b, c")
    del a, b, c
    gc.collect()
    trace("main: done")


run(main())
