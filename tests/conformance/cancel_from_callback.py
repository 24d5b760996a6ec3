# A done callback (plain code run by the loop, outside any task: no current
# task) may cancel a task.  Here a trigger future is completed by a timer;
# its callback cancels the worker with a message built from the trigger's
# result, and the worker gets CancelledError in the following iteration.
import asyncio

from vclock import run, trace


async def worker():
    try:
        trace("worker: sleeping 10")
        await asyncio.sleep(10)
        trace("worker: not reached")
    except asyncio.CancelledError as e:
        trace(f"worker: caught CancelledError: {e}")
        raise


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(worker())
    trigger = loop.create_future()

    def on_trigger(fut):
        trace(f"callback: current task is {asyncio.current_task()}")
        trace(f"callback: cancel -> {task.cancel(f'trigger says {fut.result()}')}, "
              f"cancelling={task.cancelling()}")

    def fire():
        trace("timer: set_result('stop')")
        trigger.set_result("stop")

    trigger.add_done_callback(on_trigger)
    loop.call_later(1.5, fire)
    try:
        await task
    except asyncio.CancelledError as e:
        trace(f"main: worker raised CancelledError: {e}, cancelled={task.cancelled()}")


run(main())
