/* Timers fire by deadline, not by the order they were scheduled; equal
 * deadlines fire in scheduling order, including one scheduled later from a
 * callback whose deadline lands on the same instant.  call_soon work and a
 * zero-delay timer run at once, the ready queue first. */
#include "trace.h"

static void say(wa_loop *loop, void *word) { TRACE(loop, "timer %s", (const char *)word); }

static void a(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "timer a 0.1: schedules b3 in 0.1");
    wa_call_later(loop, 0.1, say, "b3 0.2 (scheduled at 0.1)", NULL);
}

static void c(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "timer c 0.3: stop()");
    wa_loop_stop(loop);
}

static void soon(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "call_soon");
}

int main(void) {
    CONF_INIT();
    wa_loop *loop = conf_loop_new();
    if (!loop) return 1;
    wa_call_later(loop, 0.3, c, NULL, NULL);
    wa_call_later(loop, 0.1, a, NULL, NULL);
    wa_call_later(loop, 0.2, say, "b1 0.2", NULL);
    wa_call_later(loop, 0.0, say, "zero delay", NULL);
    wa_call_later(loop, 0.2, say, "b2 0.2", NULL);
    wa_call_soon(loop, soon, NULL, NULL);
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run_forever returned");
    return conf_failed(wa_loop_free(loop), "wa_loop_free");
}
