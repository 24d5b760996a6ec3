"""vclock.py — a virtual-clock asyncio event loop for the Python twins.

It mirrors wasyncio's WA_CLOCK_VIRTUAL host (src/host/virtual.c): time starts
at 0.0 and moves only when the loop would wait, jumping by the whole timeout;
waiting forever with nothing scheduled raises RuntimeError("deadlock")
instead of hanging.  Traces print the same times on every machine, and the
same times as the C twin, because both advance the clock with the same
floating-point operation (now += max(0, deadline - now)).

    from vclock import VirtualLoop, run, trace

    async def main():
        trace("start")              # "0.000 start"
        await asyncio.sleep(0.5)
        trace("woke")               # "0.500 woke"

    run(main())
"""
import asyncio
import selectors


class VirtualSelector(selectors.BaseSelector):
    """Keeps registrations in a dict; select() advances the loop's clock.

    Nothing is ever ready: the only registration is asyncio's self-pipe,
    which only another thread (call_soon_threadsafe) or a signal would
    write to.
    """

    def __init__(self, loop):
        self._loop = loop
        self._map = {}

    def register(self, fileobj, events, data=None):
        fd = selectors._fileobj_to_fd(fileobj)
        if fd in self._map:
            raise KeyError(f"{fileobj!r} (FD {fd}) is already registered")
        key = selectors.SelectorKey(fileobj, fd, events, data)
        self._map[fd] = key
        return key

    def unregister(self, fileobj):
        return self._map.pop(selectors._fileobj_to_fd(fileobj))

    def get_map(self):
        return self._map

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("deadlock")
        # _run_once passes min(max(0, when - now), MAXIMUM_SELECT_TIMEOUT):
        # the clock jumps by the whole timeout, as virtual.c's wait does.
        # (A wait over a day takes several one-day jumps here and one in C;
        # the sums can differ in the last bit, invisible at three decimals.)
        self._loop._vtime += timeout
        return []

    def close(self):
        self._map.clear()


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._vtime = 0.0
        super().__init__(VirtualSelector(self))
        # _run_once treats timers due before now + _clock_resolution as due.
        # Pin it to the 1 ns wasyncio uses (loop.c CLOCK_RESOLUTION) rather
        # than the host's monotonic-clock resolution, so a timer fires
        # exactly when the clock jumps to its deadline, on every machine.
        self._clock_resolution = 1e-9

    def time(self):
        return self._vtime


def run(main, debug=None):
    """asyncio.run(main, debug=debug) on a VirtualLoop (asyncio.Runner,
    Python 3.11+)."""
    with asyncio.Runner(loop_factory=VirtualLoop, debug=debug) as runner:
        return runner.run(main)


def advance(seconds, loop=None):
    """Moves the virtual clock on by seconds at once, as if the running
    callback took that long (wa_loop_advance_virtual_time)."""
    if loop is None:
        loop = asyncio.get_running_loop()
    loop._vtime += seconds


def trace(msg, loop=None):
    """Prints "<time> msg", time with three decimals, from loop (default:
    the running loop)."""
    if loop is None:
        loop = asyncio.get_running_loop()
    print(f"{loop.time():.3f} {msg}", flush=True)


def note(msg):
    """Prints msg without a time, as trace.h's NOTE(): for scenarios on the
    real clock (sockets, threads), whose times vary."""
    print(msg, flush=True)


def fmt(v):
    """Formats v as trace.h's fmt() does: lists in brackets, errors as
    Type(message), anything else as str()."""
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, BaseException):
        return f"{type(v).__name__}({v})"
    return str(v)
