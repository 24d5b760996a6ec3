# run_coroutine_threadsafe from another thread (an asyncio.to_thread
# worker): result() blocks that thread until the coroutine, run on the
# loop, returns; the value arrives whole (a string the coroutine built),
# an exception is raised with its type and message (and exception()
# returns it); result(timeout=0) raises TimeoutError while the coroutine
# waits; a closed loop refuses with RuntimeError("Event loop is closed").
import asyncio

from vclock import note


async def greet(name):
    await asyncio.sleep(0)
    return f"hello {name}, from the loop"


async def fail(n):
    await asyncio.sleep(0)
    raise ValueError(f"bad input {n}")


async def wait_gate(gate):
    await gate.wait()
    return "the gate opened"


def in_thread(loop, gate):
    lines = []
    f = asyncio.run_coroutine_threadsafe(greet("thread"), loop)
    lines.append(f"greet: {f.result()}")
    f = asyncio.run_coroutine_threadsafe(fail(7), loop)
    try:
        f.result()
    except ValueError as e:
        lines.append(f"fail: result() raised {type(e).__name__}({e})")
    e = f.exception()
    lines.append(f"fail: exception() -> {type(e).__name__}({e}), done={f.done()}")
    f = asyncio.run_coroutine_threadsafe(wait_gate(gate), loop)
    try:
        f.result(timeout=0)
    except TimeoutError:
        lines.append(f"wait_gate: result(timeout=0) raised TimeoutError, done={f.done()}")
    loop.call_soon_threadsafe(gate.set)
    lines.append(f"wait_gate: {f.result()}")
    closed = asyncio.new_event_loop()
    closed.close()
    try:
        asyncio.run_coroutine_threadsafe(greet("nobody"), closed).result()
    except RuntimeError as e:
        lines.append(f"closed loop: {type(e).__name__}({e})")
    return lines


async def main():
    gate = asyncio.Event()
    for line in await asyncio.to_thread(in_thread, asyncio.get_running_loop(), gate):
        note(line)


asyncio.run(main())
