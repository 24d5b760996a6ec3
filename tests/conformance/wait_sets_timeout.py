# A wait that times out returns (it does not raise) with done empty and
# every future pending; plain futures resolved by call_later and a future
# already done show up in done in argument order on the next wait.
import asyncio

from vclock import run, trace


def names(futs, group, labels):
    return "[" + ", ".join(labels[i] for i, f in enumerate(futs) if f in group) + "]"


async def main():
    loop = asyncio.get_running_loop()
    labels = ["x", "y", "z"]
    futs = [loop.create_future() for _ in labels]
    done, pending = await asyncio.wait(futs, timeout=1)
    trace(f"main: timeout: done={names(futs, done, labels)} pending={names(futs, pending, labels)}")
    futs[2].set_result("z")
    loop.call_later(1, futs[0].set_result, "x")
    done, pending = await asyncio.wait(futs, timeout=5, return_when=asyncio.FIRST_COMPLETED)
    trace(f"main: first: done={names(futs, done, labels)} pending={names(futs, pending, labels)}")
    done, pending = await asyncio.wait(futs, timeout=2)
    trace(f"main: all: done={names(futs, done, labels)} pending={names(futs, pending, labels)}")
    futs[1].cancel()
    done, pending = await asyncio.wait(futs)
    trace(f"main: after cancel: done={names(futs, done, labels)} pending={names(futs, pending, labels)}")


run(main())
