/*
 * fuzz_gather_pending_child_leak: found by npm run fuzz (seed 298, sanitize), shrunk to
 *
 *     future f1
 *     future f2
 *     main
 *       cancel f1 -
 *       gather raise f2 f1
 *
 * where wasyncio and CPython differed: LeakSanitizer reports the loop, a
 * timer heap and gather's CancelledError leaked at exit (indirectly: a cycle).
 * gather's outer holds a reference to each child (g->children) and each
 * pending child's done callback holds one to the outer (wa__add_callback_ref);
 * the outer fails at once on the cancelled f1, f2 never finishes, and the two
 * keep each other alive.  Dropping the children when the outer is done is not
 * enough: a future freed while pending discards its callbacks without
 * releasing the references wa__add_callback_ref took (wait and shield too).
 */
#include "../fuzz/interp.h"

static const char program[] =
    "future f1\n"
    "future f2\n"
    "main\n"
    "  cancel f1 -\n"
    "  gather raise f2 f1\n";

int main(void) { return fuzz_main(program); }
