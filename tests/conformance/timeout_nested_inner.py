# Nested timeouts where the INNER deadline passes first: the inner scope
# raises TimeoutError, the outer body catches it and goes on, the outer scope
# stays active (not expired) and its own deadline still fires later as a
# TimeoutError of its own.
import asyncio

from vclock import run, trace


async def main():
    task = asyncio.current_task()
    try:
        async with asyncio.timeout(5) as outer:
            try:
                async with asyncio.timeout(1) as a:
                    trace("outer body: inner A, sleeping 10")
                    await asyncio.sleep(10)
                    trace("inner A: not reached")
            except TimeoutError as e:
                trace(f"outer body: inner A raised {type(e).__name__}, cancelling={task.cancelling()}")
            trace(f"outer body: A expired={a.expired()}, outer expired={outer.expired()}")
            async with asyncio.timeout(1.5) as b:
                trace("outer body: inner B, sleeping 0.5")
                await asyncio.sleep(0.5)
            trace(f"outer body: B done, expired={b.expired()}")
            trace("outer body: sleeping 10")
            await asyncio.sleep(10)
            trace("outer body: not reached")
    except TimeoutError as e:
        trace(f"main: outer raised {type(e).__name__}, cause {type(e.__cause__).__name__}")
    trace(f"main: outer expired={outer.expired()} when={outer.when():.3f}, cancelling={task.cancelling()}")


run(main())
