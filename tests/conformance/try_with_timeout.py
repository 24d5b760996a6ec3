# An async with timeout inside try: the TimeoutError its exit raises is
# caught by the except clause around it, in the same coroutine, with the
# CancelledError as its cause; finally runs both times.
import asyncio

from vclock import run, trace


async def main():
    for limit in (1, 3):
        try:
            async with asyncio.timeout(limit):
                await asyncio.sleep(2)
                trace(f"{limit}: slept")
        except TimeoutError as e:
            trace(f"{limit}: timed out, cause {type(e.__cause__).__name__}")
        finally:
            trace(f"{limit}: finally")


run(main())
