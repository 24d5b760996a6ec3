# examples/retry.py — examples/retry.c in Python: three fetches at once, a timeout
# per attempt, retries, and the request in a ContextVar that the log reads.
import asyncio, contextvars
TRIES = 3
REFUSED = None
server = [('/a', [0.1]), ('/b', [0.5, 0.1]), ('/c', [REFUSED, 0.5, 0.5])]
request = contextvars.ContextVar('request')
start = 0

def log(msg):
    print(f"{asyncio.get_running_loop().time() - start:4.2f} s  {request.get('-'):<2}  {msg}")

async def get(i, attempt):
    latency = server[i][1][attempt - 1]
    if latency is REFUSED: raise ConnectionRefusedError('refused')
    await asyncio.sleep(latency)
    return f'body of {server[i][0]}'

async def fetch(i):
    request.set(server[i][0])
    for attempt in range(1, TRIES + 1):
        try:
            async with asyncio.timeout(0.2):
                body = await get(i, attempt)
        except TimeoutError:
            log(f'attempt {attempt} timed out')
        except ConnectionError as e:
            log(f'attempt {attempt} failed: {e}')
            await asyncio.sleep(0.15)
        else:
            log(f"got '{body}'")
            return body
        finally:
            log(f'attempt {attempt} over')
    raise RuntimeError(f'gave up after {TRIES} attempts')

async def main():
    global start
    start = asyncio.get_running_loop().time()
    results = await asyncio.gather(*(fetch(i) for i in range(len(server))), return_exceptions=True)
    log('all done')
    for (url, _), r in zip(server, results):
        print(f'{url}: {r!r}')

asyncio.run(main())
