/*
 * fuzz_as_completed_completion_after_free: found by npm run fuzz (seeds 320082 and 333579, native), shrunk to
 *
 *     future f1
 *     task t1
 *       try
 *         wait first 0.125 f1
 *       finally
 *         await f1
 *     task t2
 *       yield
 *     task t3
 *       as_completed 0.0625 t2
 *     main
 *       spawn t1
 *       spawn t2
 *       spawn t3
 *
 * where wasyncio and CPython differed: CPython finds the deadlock at 0.000,
 * wasyncio found it at 0.062.  The shutdown cancels t2 and then t3, which
 * lets go of its as_completed iterator while t2's completion callback is
 * already scheduled.  asyncio's callback still runs its bookkeeping and
 * cancels the timeout's handle, no input being awaited any more; wasyncio's
 * only gave back its reference and left the timer to fall due.
 */
#include "../fuzz/interp.h"

static const char program[] =
    "future f1\n"
    "task t1\n"
    "  try\n"
    "    wait first 0.125 f1\n"
    "  finally\n"
    "    await f1\n"
    "task t2\n"
    "  yield\n"
    "task t3\n"
    "  as_completed 0.0625 t2\n"
    "main\n"
    "  spawn t1\n"
    "  spawn t2\n"
    "  spawn t3\n";

int main(void) { return fuzz_main(program); }
