# asyncio.to_thread runs a function on the default executor's threads and
# its return value comes back to the awaiting coroutine: a number, a
# string, None; gather over several keeps the order they were passed in.
import asyncio
import threading

from vclock import note


def double(x):
    return x * 2


def greet(name):
    return f"hello {name}"


def nothing():
    return None


def off_the_loop_thread():
    return threading.current_thread() is not threading.main_thread()


async def main():
    note(f"to_thread(double, 21) -> {await asyncio.to_thread(double, 21)}")
    note(f"to_thread(greet, 'C') -> {await asyncio.to_thread(greet, 'C')}")
    note(f"to_thread(nothing) -> {await asyncio.to_thread(nothing)}")
    note(f"ran on another thread: {await asyncio.to_thread(off_the_loop_thread)}")
    results = await asyncio.gather(*(asyncio.to_thread(double, i) for i in range(6)))
    note(f"gather of six -> {results}")


asyncio.run(main())
