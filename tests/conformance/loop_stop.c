/* stop() before run_forever makes it run exactly one iteration.  stop() from
 * a callback lets the rest of the current iteration run (a timer due at the
 * same instant included) and leaves what was queued meanwhile for the next
 * run_forever. */
#include "trace.h"

static void say(wa_loop *loop, void *word) { TRACE(loop, "ran %s", (const char *)word); }

static void first(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "first: queues second");
    wa_call_soon(loop, say, "second", NULL);
}

static void stopper(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "stopper: stop(), queues leftover");
    wa_loop_stop(loop);
    wa_call_soon(loop, say, "leftover", NULL);
}

int main(void) {
    CONF_INIT();
    wa_loop *loop = conf_loop_new();
    if (!loop) return 1;
    wa_call_soon(loop, first, NULL, NULL);
    wa_loop_stop(loop);
    TRACE(loop, "run 1, stop requested first, running=%s", yes(wa_loop_is_running(loop)));
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run 1 returned, running=%s", yes(wa_loop_is_running(loop)));
    wa_call_later(loop, 1.0, stopper, NULL, NULL);
    wa_call_later(loop, 1.0, say, "timer due with stopper", NULL);
    wa_call_later(loop, 2.0, say, "timer at 2.0", NULL);
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run 2 returned");
    wa_loop_stop(loop);
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run 3 returned");
    return conf_failed(wa_loop_free(loop), "wa_loop_free");
}
