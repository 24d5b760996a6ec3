# A task's done callbacks run in the order they were added, in the iteration
# after it finishes, each seeing it done with its result, and before the
# awaiter that registered later; remove_done_callback reports how many
# registrations it removed.  One added to a finished task is only scheduled.
import asyncio

from vclock import run, trace


def show(name):
    def cb(task):
        trace(f"{name}: done={task.done()} result={task.result()}")
    return cb


def unwanted(task):
    trace("unwanted: never runs")


async def work():
    await asyncio.sleep(1)
    trace("work: returning 5")
    return 5


async def main():
    task = asyncio.create_task(work())
    task.add_done_callback(show("first"))
    task.add_done_callback(unwanted)
    task.add_done_callback(show("second"))
    task.add_done_callback(unwanted)
    trace(f"main: remove_done_callback(unwanted) -> {task.remove_done_callback(unwanted)}")
    trace(f"main: again -> {task.remove_done_callback(unwanted)}")
    trace(f"main: await -> {await task}")
    task.add_done_callback(show("late"))
    trace("main: added late callback")
    await asyncio.sleep(0)
    trace("main: after sleep(0)")


run(main())
