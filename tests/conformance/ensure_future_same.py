# ensure_future() of something that already is a future returns that very
# object, for a task or a plain future, with or without its own loop given;
# awaiting the returned object is awaiting the original.  Naming a loop the
# future does not belong to is rejected.
import asyncio

from vclock import VirtualLoop, run, trace


async def work():
    await asyncio.sleep(1)
    return "task value"


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(work())
    fut = loop.create_future()
    same_task = asyncio.ensure_future(task)
    same_fut = asyncio.ensure_future(fut, loop=loop)
    trace(f"ensure_future(task) is task: {same_task is task}")
    trace(f"ensure_future(fut, loop=loop) is fut: {same_fut is fut}")
    loop.call_later(0.5, fut.set_result, "fut value")
    trace(f"await ensure_future(fut) -> {await same_fut}, fut.done()={fut.done()}")
    trace(f"await ensure_future(task) -> {await same_task}, task.done()={task.done()}")
    other = VirtualLoop()
    foreign = other.create_future()
    try:
        asyncio.ensure_future(foreign, loop=loop)
        trace("foreign future accepted (not reached)")
    except ValueError:
        trace("ensure_future(foreign, loop=loop) rejected")
    other.close()


run(main())
