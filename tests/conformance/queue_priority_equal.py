# PriorityQueue is a heapq heap and heapq is not stable: items that compare
# equal (1 == 1.0 == True, and tuples of equal items) come out in the order
# the heap's sifting leaves them, not in insertion order.  Gets and puts
# interleaved keep following heappush/heappop exactly.
import asyncio

from vclock import run, trace


async def main():
    q = asyncio.PriorityQueue()
    for n in [1, True, 1.0, 0, False, 0.0, 1.0, True]:
        q.put_nowait(n)
    out = []
    while not q.empty():
        out.append(repr(await q.get()))
    trace(f"numbers: {', '.join(out)}")

    for n in [2, 1, True, 1.0]:
        await q.put(n)
    first = q.get_nowait()
    for n in [2.0, 1, 0.0, False]:
        q.put_nowait(n)
    out = [repr(first)]
    while not q.empty():
        out.append(repr(q.get_nowait()))
    trace(f"interleaved: {', '.join(out)}")

    for item in [(1, "x"), (True, "x"), (1.0, "x"), (0, "y"), (False, "y"), (0.0, "y")]:
        q.put_nowait(item)
    out = []
    while not q.empty():
        out.append(repr(await q.get()))
    trace(f"tuples: {', '.join(out)}")


run(main())
