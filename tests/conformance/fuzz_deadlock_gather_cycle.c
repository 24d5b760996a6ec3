/* A deadlock through a cycle: t1's TaskGroup waits for t4, which gathers t1.
 * Freeing the loop destroys both with the gather's done callback still on
 * t1; nothing of the cycle may stay allocated. */
#include "../fuzz/interp.h"

static const char program[] =
    "future f1\n"
    "task t1\n"
    "  taskgroup g2\n"
    "    tg_spawn g2 t4\n"
    "    sleep 2.5\n"
    "task t4\n"
    "  gather raise t1\n"
    "main\n"
    "  taskgroup g1\n"
    "    tg_spawn g1 t1\n";

int main(void) { return fuzz_main(program); }
