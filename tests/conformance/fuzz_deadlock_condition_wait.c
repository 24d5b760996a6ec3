/* A deadlock in Condition.wait: t2's wait, cancelled, keeps re-acquiring the
 * lock that main holds while it awaits t2.  The loop freed destroys t2
 * mid-wait; its errors and the condition must then free. */
#include "../fuzz/interp.h"

static const char program[] =
    "condition c1\n"
    "task t2\n"
    "  acquire c1\n"
    "  cond_wait c1\n"
    "main\n"
    "  spawn t2\n"
    "  yield\n"
    "  with c1\n"
    "    await t2\n";

int main(void) { return fuzz_main(program); }
