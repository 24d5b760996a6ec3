# else runs only when the body raised nothing; an exception raised in else
# is not handled by the except clauses of the same try, but the finally
# block still runs before it goes on.
import asyncio

from vclock import run, trace


async def attempt(n):
    try:
        await asyncio.sleep(0.1)
        if n == 1:
            raise ValueError("body")
    except ValueError as e:
        trace(f"{n}: except {e}")
    else:
        trace(f"{n}: else")
        await asyncio.sleep(0.1)
        if n == 2:
            raise ValueError("else")
    finally:
        trace(f"{n}: finally")


async def main():
    for n in range(3):
        try:
            await attempt(n)
        except ValueError as e:
            trace(f"main: {e} escaped")


run(main())
