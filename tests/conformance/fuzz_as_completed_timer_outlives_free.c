/*
 * fuzz_as_completed_timer_outlives_free: found by npm run fuzz (seed 141938, sanitize), shrunk to
 *
 *     future f1
 *     queue q1 0
 *     task t2
 *       try
 *         as_completed 0.125 f1
 *       finally
 *         get q1
 *     main
 *       spawn t2
 *
 * where wasyncio and CPython differed: CPython finds the deadlock at 0.125,
 * wasyncio found it at 0.000.  Cancelled out of its iteration, t2 lets go
 * of the as_completed iterator and waits on the queue for ever; asyncio's
 * timeout handle stays scheduled until it fires, so the loop idles to
 * 0.125 first, while wa_as_completed_free cancelled its timer.
 */
#include "../fuzz/interp.h"

static const char program[] =
    "future f1\n"
    "queue q1 0\n"
    "task t2\n"
    "  try\n"
    "    as_completed 0.125 f1\n"
    "  finally\n"
    "    get q1\n"
    "main\n"
    "  spawn t2\n";

int main(void) { return fuzz_main(program); }
