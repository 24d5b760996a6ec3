/*
 * fuzz_spawn_during_shutdown: found by npm run fuzz (seed 35284, native), shrunk to
 *
 *     task t1
 *       yield
 *     task t3
 *       try
 *         sleep 0.125
 *       finally
 *         spawn t1
 *     main
 *       spawn t3
 *
 * where wasyncio and CPython differed:
 * first difference at trace line 3 (line:yield):
 *   CPython:  0.000 t1: yield done
 *   wasyncio: main = None
 *
 * The translation differs, not wasyncio: asyncio.run's _cancel_all_tasks
 * runs the loop until gather(*to_cancel) is done, two callbacks after t3
 * ends, and t1, spawned in t3's finally, runs its steps meanwhile; interp.c
 * runs until t3's own future is done and stops first.
 */
#include "../fuzz/interp.h"

static const char program[] =
    "task t1\n"
    "  yield\n"
    "task t3\n"
    "  try\n"
    "    sleep 0.125\n"
    "  finally\n"
    "    spawn t1\n"
    "main\n"
    "  spawn t3\n";

int main(void) { return fuzz_main(program); }
