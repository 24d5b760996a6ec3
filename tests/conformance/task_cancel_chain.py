# Cancelling a task that awaits another task cancels the inner task instead.
# If the inner task swallows the cancellation and returns a value, the outer
# task simply receives that value: it is not cancelled, though its
# cancelling() count says a cancel was requested.
import asyncio

from vclock import run, trace


async def inner():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError as e:
        trace(f"inner: swallowed CancelledError: {e}")
    return "inner's value"


async def outer(child):
    value = await child
    trace(f"outer: got {value}")
    return value.upper()


async def main():
    child = asyncio.create_task(inner())
    parent = asyncio.create_task(outer(child))
    await asyncio.sleep(1)
    trace(f"main: parent.cancel('stop') -> {parent.cancel('stop')}")
    trace(f"main: cancelling parent={parent.cancelling()} child={child.cancelling()}")
    result = await parent
    trace(f"main: parent returned {result}, cancelled={parent.cancelled()}")
    trace(f"main: cancelling parent={parent.cancelling()} child={child.cancelling()}")


run(main())
