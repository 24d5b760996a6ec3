# asyncio.Runner after close(): closing again does nothing, while run()
# and get_loop() raise RuntimeError "Runner is closed".  Before that, two
# runs share one loop, whose clock goes on.
import asyncio

from vclock import VirtualLoop, note


async def nap(name):
    await asyncio.sleep(1)
    note(f"{name}: woke at {asyncio.get_running_loop().time():.3f}")
    return name


def main():
    runner = asyncio.Runner(loop_factory=VirtualLoop)
    note(f"run -> {runner.run(nap('one'))}")
    note(f"run -> {runner.run(nap('two'))}")
    runner.close()
    note("closed")
    runner.close()
    note("closed again, no error")
    coro = nap("three")
    try:
        runner.run(coro)
    except RuntimeError as e:
        note(f"run: RuntimeError: {e}")
    coro.close()
    try:
        runner.get_loop()
    except RuntimeError as e:
        note(f"get_loop: RuntimeError: {e}")


main()
