/*
 * fuzz_shield_callback_at_close: found by npm run fuzz (seed 50885, sanitize), shrunk to
 *
 *     future f1
 *     task t1
 *       shield f1
 *     main
 *       spawn t1
 *       wait first 0.125 f1 t1
 *       call_soon h1 set_result f1 0
 *       cancel t1 -
 *
 * where wasyncio and CPython differed: LeakSanitizer reports shield's outer
 * future and, through it, the loop leaked at exit.  f1's result schedules
 * shield's inner-done callback, which holds a reference to the outer future
 * until it runs; main returns first and the run ends with it still queued,
 * and closing the loop dropped it without giving that reference back.
 */
#include "../fuzz/interp.h"

static const char program[] =
    "future f1\n"
    "task t1\n"
    "  shield f1\n"
    "main\n"
    "  spawn t1\n"
    "  wait first 0.125 f1 t1\n"
    "  call_soon h1 set_result f1 0\n"
    "  cancel t1 -\n";

int main(void) { return fuzz_main(program); }
