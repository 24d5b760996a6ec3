# run_coroutine_threadsafe called on the loop's own thread: the coroutine
# becomes a task in the next iteration, the future stays pending (result
# with timeout 0 raises TimeoutError) until the task ends, and its done
# callback then runs on the loop's thread.  Cancelled before its task
# exists, the future is cancelled at once and the task still takes its
# first step before the cancel arrives.  call_soon_threadsafe on the
# loop's thread keeps call_soon's order.
import asyncio
import concurrent.futures

from vclock import run, trace


async def work(tag, delay):
    trace(f"{tag} started")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace(f"{tag} cancelled")
        raise
    trace(f"{tag} returns")
    return int(delay * 10)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(trace, "call_soon 1")
    loop.call_soon_threadsafe(trace, "call_soon_threadsafe")
    loop.call_soon(trace, "call_soon 2")
    fut = asyncio.run_coroutine_threadsafe(work("a", 1.5), loop)
    fut.add_done_callback(lambda f: trace(f"a done: {f.result()}"))
    try:
        fut.result(timeout=0)
    except TimeoutError:
        trace("a result(timeout=0): TimeoutError")
    trace(f"done={fut.done()} running={fut.running()} cancelled={fut.cancelled()}")
    await asyncio.sleep(0)
    trace("main after one iteration")
    await asyncio.sleep(2)
    trace(f"a result: {fut.result()}, exception: {fut.exception()}")

    fut = asyncio.run_coroutine_threadsafe(work("b", 5), loop)
    fut.add_done_callback(lambda f: trace(f"b done: cancelled={f.cancelled()}"))
    trace(f"b cancel() -> {fut.cancel()}")
    for i in range(3):
        await asyncio.sleep(0)
        trace(f"main iteration {i + 1}")
    try:
        fut.result()
    except concurrent.futures.CancelledError:
        trace("b result(): concurrent.futures.CancelledError")
    trace(f"b cancel() again -> {fut.cancel()}, done={fut.done()}")


run(main())
