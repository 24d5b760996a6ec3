"""The anchor workloads in CPython asyncio, or on uvloop's event loop.

    PYENV_VERSION=3.13.0 python3 bench/anchors.py [--only NAME] [SCALE]
    /usr/bin/python3 bench/anchors.py --uvloop [--only NAME] [SCALE]   (Debian's python3-uvloop)

The same workloads, sizes, delays and checksums as bench/anchors.mjs,
bench/floor.c and bench/workloads.c, written the way an asyncio user would.
One line per workload, `workload=NAME n=N seconds=S` (idle_mem:
`bytes_per_task=B`); a wrong checksum prints `checksum wrong: ...` to stderr
and exits 1.  SCALE (default 1) multiplies every N; for tree it moves the
depth by log2(SCALE).  Every workload runs in one event loop, and each is
timed inside it after a gc.collect(), so start-up and teardown are not timed.
"""
import argparse
import asyncio
import gc
import math
import sys
import time

TIMERS_DELAY_SUM = 2_503_628  # the first 100,000 delays, in ms
ECHO_CONNS = 100
ECHO_LINE = b'x' * 99 + b'\n'


class ChecksumError(Exception):
    pass


def check(ok, what):
    if not ok:
        raise ChecksumError(what)


def lcg_delays(n):
    """Delays in ms in [0, 50]: 32-bit integer maths, the same in every anchor."""
    x, out = 12345, []
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append((x >> 8) % 51)
    return out


def rss_bytes():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
    raise RuntimeError('no VmRSS in /proc/self/status')


async def timed(coro):
    """Seconds the awaitable takes, and its result."""
    t0 = time.perf_counter()
    result = await coro
    return time.perf_counter() - t0, result


async def spawn(n):
    async def one(i):
        await asyncio.sleep(0)
        return i

    async def all_of():
        return await asyncio.gather(*[asyncio.create_task(one(i)) for i in range(n)])

    dt, results = await timed(all_of())
    check(sum(results) == n * (n - 1) // 2, 'spawn sum')
    return dt


async def pingpong(m):
    q1, q2 = asyncio.Queue(maxsize=1), asyncio.Queue(maxsize=1)

    async def b():
        for _ in range(m):
            await q2.put(await q1.get() + 1)

    async def a():
        tb = asyncio.create_task(b())
        last = total = 0
        for i in range(m):
            await q1.put(i)
            last = await q2.get()
            total += last
        await tb
        return last, total

    dt, (last, total) = await timed(a())
    check(last == m and total == m * (m + 1) // 2, 'pingpong final value')
    return dt


async def timers(n):
    delays = lcg_delays(n)

    async def one(d):
        await asyncio.sleep(d / 1000)
        return d

    async def all_of():
        return await asyncio.gather(*[asyncio.create_task(one(d)) for d in delays])

    dt, results = await timed(all_of())
    check(sum(results) == sum(delays), 'timers sum')
    if n == 100_000:
        check(sum(delays) == TIMERS_DELAY_SUM, 'timers LCG sequence')
    # 1 ms of slack: Node's libuv starts a timer from its cached clock
    check(dt >= max(delays) / 1000 - 0.001, 'timers woke before the longest delay')
    return dt


async def tree(depth):
    async def node(d):
        if d >= depth:
            return 1
        async with asyncio.TaskGroup() as tg:
            left = tg.create_task(node(d + 1))
            right = tg.create_task(node(d + 1))
        return 1 + left.result() + right.result()

    dt, count = await timed(node(0))
    check(count == 2 ** (depth + 1) - 1, 'tree count')
    return dt


async def chain(n):
    async def leaf(i):
        return i

    async def loop():
        s = 0
        for i in range(n):
            s += await leaf(i)
        return s

    dt, s = await timed(loop())
    check(s == n * (n - 1) // 2, 'chain sum')
    return dt


async def idle_mem(n):
    event = asyncio.Event()
    waiting = 0

    async def waiter():
        nonlocal waiting
        waiting += 1
        await event.wait()
        return 1

    base = rss_bytes()
    tasks = [asyncio.create_task(waiter()) for _ in range(n)]
    await asyncio.sleep(0)  # each task runs its first step and blocks on the event
    check(waiting == n, 'idle_mem: not all tasks waiting')
    grown = rss_bytes() - base
    event.set()
    check(sum(await asyncio.gather(*tasks)) == n, 'idle_mem sum')
    return grown // n


async def echo(n):
    """n line round trips over ECHO_CONNS loopback connections to a stream echo server."""
    per = max(1, n // ECHO_CONNS)

    async def serve(reader, writer):
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
        writer.close()

    async def client(port):
        reader, writer = await asyncio.open_connection('127.0.0.1', port)
        got = 0
        for _ in range(per):
            writer.write(ECHO_LINE)
            got += len(await reader.readline())
        writer.close()
        await writer.wait_closed()
        return got

    async def all_of(port):
        return await asyncio.gather(*[client(port) for _ in range(ECHO_CONNS)])

    server = await asyncio.start_server(serve, '127.0.0.1', 0)
    dt, got = await timed(all_of(server.sockets[0].getsockname()[1]))
    server.close()
    await server.wait_closed()
    check(sum(got) == per * ECHO_CONNS * len(ECHO_LINE), 'echo bytes')
    return dt


# (name, function, n at scale 1; for tree, the depth).  idle_mem first:
# memory the others free would be reused and hide its growth.
WORKLOADS = [('idle_mem', idle_mem, 100_000), ('spawn', spawn, 200_000),
             ('pingpong', pingpong, 200_000), ('timers', timers, 100_000),
             ('tree', tree, 16), ('chain', chain, 1_000_000), ('echo', echo, 50_000)]


def size_at(name, n, scale):
    """The size run at scale, and the n printed (tree: its number of tasks)."""
    if name == 'tree':
        depth = max(1, n + round(math.log2(scale)))
        return depth, 2 ** (depth + 1) - 1
    if name == 'echo':  # whole lines per connection
        size = max(1, int(n * scale) // 100) * 100
        return size, size
    size = max(1, int(n * scale))
    return size, size


async def run_all(scale, only):
    for name, fn, n in WORKLOADS:
        if only and name != only:
            continue
        size, shown = size_at(name, n, scale)
        if name == 'echo':
            # A tenth first, untimed: a fresh CPython process pays about 10x on
            # its first few thousand socket reads (glibc malloc trimming around
            # asyncio's 256 KiB read buffers), which a running server never sees.
            await fn(max(100, size // 1000 * 100))
        gc.collect()
        out = await fn(size)
        if name == 'idle_mem':
            print(f'workload=idle_mem n={shown} bytes_per_task={out}', flush=True)
        else:
            print(f'workload={name} n={shown} seconds={out:.4f}', flush=True)


def positive(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError('scale must be > 0')
    return value


def main():
    p = argparse.ArgumentParser(description='The anchor workloads in CPython asyncio.')
    p.add_argument('--uvloop', action='store_true', help="run on uvloop's event loop")
    p.add_argument('--only', choices=[name for name, _, _ in WORKLOADS], help='run one workload')
    p.add_argument('scale', nargs='?', type=positive, default=1.0, help='multiplies every N (default 1)')
    args = p.parse_args()
    if args.uvloop:
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    try:
        asyncio.run(run_all(args.scale, args.only))
    except ChecksumError as e:
        print(f'checksum wrong: {e}', file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
