# athrow: the error is raised where the generator is suspended.  A
# generator that catches it and yields again gives that value to the
# athrow; one that catches it and returns ends it with StopAsyncIteration;
# one that lets it out raises it at the athrow, the very same object.  An
# error thrown at a yield inside an except block gets the handled error as
# its context.  athrow on a generator that never started raises the error
# at once without running its body; on a finished one it gives None.
import asyncio

from vclock import run, trace


async def retrying():
    attempt = 0
    while True:
        try:
            yield f"attempt {attempt}"
        except ValueError as e:
            trace(f"gen: caught ValueError({e}), backing off")
            await asyncio.sleep(0.5)
            attempt += 1
            continue
        except KeyError:
            trace("gen: KeyError ends it")
            return
        finally:
            trace(f"gen: finally after attempt {attempt}")
        await asyncio.sleep(0.25)


async def fallback():
    try:
        raise OSError("disk full")
    except OSError:
        trace("gen: yielding from the except block")
        yield "degraded"
    trace("gen: never here")


async def report(label, aw, err=None):
    try:
        trace(f"{label}: {await aw}")
    except BaseException as e:
        trace(f"{label}: {type(e).__name__}({e}) same={e is err}")
        return e


async def main():
    gen = retrying()
    await report("anext", anext(gen))
    await report("athrow ValueError", gen.athrow(ValueError("timeout")))
    await report("athrow ValueError", gen.athrow(ValueError("reset")))
    await report("anext", anext(gen))
    await report("athrow KeyError", gen.athrow(KeyError("stop")))
    await report("anext", anext(gen))
    await report("athrow on finished", gen.athrow(ValueError("late")))

    gen = fallback()
    await report("anext", anext(gen))
    err = TypeError("bad reading")
    e = await report("athrow TypeError", gen.athrow(err), err)
    trace(f"context: {type(e.__context__).__name__}({e.__context__})")
    await report("athrow again", gen.athrow(ValueError("again")))

    gen = retrying()
    err = ValueError("too early")
    await report("athrow unstarted", gen.athrow(err), err)
    await report("anext", anext(gen))


run(main())
