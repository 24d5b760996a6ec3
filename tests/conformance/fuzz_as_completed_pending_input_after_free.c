/*
 * fuzz_as_completed_pending_input_after_free: found by npm run fuzz (seeds 320082 and 156187, sanitize), shrunk to
 *
 *     future f1
 *     semaphore s1 0
 *     task t1
 *       try
 *         wait first 0.125 f1
 *       finally
 *         await f1
 *     task t2
 *       with s1
 *         yield
 *     task t3
 *       as_completed 0.0625 t2
 *     main
 *       spawn t1
 *       spawn t2
 *       spawn t3
 *       sleep 0.03125
 *       cancel t3 -
 *
 * where wasyncio and CPython differed: CPython finds the deadlock at 0.031,
 * wasyncio found it at 0.062.  t3 is cancelled out of its as_completed
 * while t2 is still pending; asyncio leaves the iterator's callback on t2,
 * so when the shutdown cancels t2 that callback cancels the timeout's
 * handle, no input being awaited any more.  wasyncio took the callback
 * back at the free, and the timer fell due.
 */
#include "../fuzz/interp.h"

static const char program[] =
    "future f1\n"
    "semaphore s1 0\n"
    "task t1\n"
    "  try\n"
    "    wait first 0.125 f1\n"
    "  finally\n"
    "    await f1\n"
    "task t2\n"
    "  with s1\n"
    "    yield\n"
    "task t3\n"
    "  as_completed 0.0625 t2\n"
    "main\n"
    "  spawn t1\n"
    "  spawn t2\n"
    "  spawn t3\n"
    "  sleep 0.03125\n"
    "  cancel t3 -\n";

int main(void) { return fuzz_main(program); }
