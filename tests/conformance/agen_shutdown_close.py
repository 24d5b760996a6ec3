# An async generator still suspended when main returns is closed by
# asyncio.run itself (loop.shutdown_asyncgens): after the tasks left over
# were cancelled and have finished their own cleanup, GeneratorExit is
# thrown in at the generator's yield and its cleanup runs (and may await).
import asyncio

from vclock import run, trace

gen_ref = None      # keeps the generator alive until shutdown
worker_ref = None


async def stream():
    try:
        i = 0
        while True:
            yield i
            i += 1
            await asyncio.sleep(1)
    except BaseException as e:
        trace(f"gen: cleanup after {type(e).__name__}")
        await asyncio.sleep(0.5)
        trace("gen: cleanup done")
        raise


async def worker():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError as e:
        trace(f"worker: {type(e).__name__} at shutdown")
        await asyncio.sleep(0.2)
        trace("worker: cleanup done")
        raise


async def main():
    global gen_ref, worker_ref
    worker_ref = asyncio.create_task(worker())
    gen_ref = stream()
    trace(f"main: got {await anext(gen_ref)}")
    trace(f"main: got {await anext(gen_ref)}")
    trace("main: returning with the generator suspended")


run(main())
