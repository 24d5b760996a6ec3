# Another thread cancels the future of a coroutine running on the loop:
# cancel() returns True at once, the future is cancelled and done (never
# running), result() and exception() raise concurrent.futures'
# CancelledError, and its done callback ran in the cancelling thread; on the
# loop the task gets asyncio's CancelledError at its await and cleans up.
# A future whose coroutine returned cannot be cancelled.  (A second
# coroutine's round trip from the same thread orders the events: the loop
# handles one thread's calls in the order they were made.)
import asyncio
import concurrent.futures
import threading

from vclock import note


async def sleeper(log):
    log.append("sleeper: started")
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        log.append("sleeper: CancelledError at its await, cleaning up")
        raise


async def ping():
    return "pong"


def in_thread(loop, log):
    lines = []
    me = threading.get_ident()
    f = asyncio.run_coroutine_threadsafe(sleeper(log), loop)
    f.add_done_callback(lambda f: lines.append(f"callback: in the cancelling thread: {threading.get_ident() == me}"))
    lines.append(f"ping: {asyncio.run_coroutine_threadsafe(ping(), loop).result()}")
    lines.append(f"running={f.running()} done={f.done()}")
    lines.append(f"cancel() -> {f.cancel()}")
    lines.append(f"cancelled={f.cancelled()} done={f.done()} running={f.running()}")
    try:
        f.result()
    except concurrent.futures.CancelledError:
        lines.append("result() raised concurrent.futures.CancelledError")
    try:
        f.exception(timeout=0)
    except concurrent.futures.CancelledError as e:
        lines.append(f"exception() raised {type(e).__name__}, an Exception: {isinstance(e, Exception)}")
    lines.append(f"cancel() again -> {f.cancel()}")
    g = asyncio.run_coroutine_threadsafe(ping(), loop)
    lines.append(f"ping: {g.result()}, then cancel() -> {g.cancel()}, cancelled={g.cancelled()}")
    return lines


async def main():
    log = []
    for line in await asyncio.to_thread(in_thread, asyncio.get_running_loop(), log):
        note(line)
    for line in log:
        note(line)


asyncio.run(main())
