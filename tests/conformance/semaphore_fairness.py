# Semaphore fairness (the 3.11.x fix): a newcomer whose acquire comes while
# an earlier waiter has been woken but has not run yet does not jump the
# queue, even though value is 1 at that moment: locked() is True, the
# newcomer waits, and the woken waiter hands it the spare unit on entering.
import asyncio

from vclock import run, trace


async def waiter(sem, name):
    trace(f"{name}: acquiring, locked={sem.locked()}")
    await sem.acquire()
    trace(f"{name}: acquired, value={sem._value}")


async def main():
    sem = asyncio.Semaphore(2)
    await sem.acquire()
    await sem.acquire()
    trace(f"main: holds both, value={sem._value}, locked={sem.locked()}")
    a = asyncio.create_task(waiter(sem, "A"))
    await asyncio.sleep(0)
    sem.release()
    trace(f"main: released one, value={sem._value}, locked={sem.locked()}")
    sem.release()
    trace(f"main: released two, value={sem._value}, locked={sem.locked()}")
    trace("main: acquiring as a newcomer")
    await sem.acquire()
    trace(f"main: acquired, value={sem._value}, locked={sem.locked()}")
    await a
    sem.release()
    sem.release()
    trace(f"main: released all, value={sem._value}, locked={sem.locked()}")


run(main())
