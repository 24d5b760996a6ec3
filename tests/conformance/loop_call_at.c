/* call_at takes an absolute deadline on the loop's clock.  A deadline already
 * in the past runs in the next iteration, but after the callbacks that were
 * already in the ready queue, since due timers join the queue's tail. */
#include "trace.h"

static void say(wa_loop *loop, void *word) { TRACE(loop, "ran %s", (const char *)word); }

static void last(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "ran at t0+0.5: stop()");
    wa_loop_stop(loop);
}

int main(void) {
    wa_handle *h, *past;
    CONF_INIT();
    wa_loop *loop = conf_loop_new();
    if (!loop) return 1;
    double t0 = wa_loop_time(loop);
    wa_call_at(loop, t0 + 0.5, last, NULL, NULL);
    if (conf_failed(wa_call_at(loop, t0 + 0.25, say, "at t0+0.25", &h), "wa_call_at")) return 1;
    if (conf_failed(wa_call_at(loop, t0 - 1.0, say, "at t0-1.0 (in the past)", &past), "wa_call_at")) return 1;
    wa_call_soon(loop, say, "call_soon", NULL);
    wa_call_later(loop, 0.25, say, "call_later(0.25)", NULL);
    TRACE(loop, "when: %.3f and %.3f", wa_handle_when(h), wa_handle_when(past));
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run_forever returned, t0+0.5 = %.3f", t0 + 0.5);
    wa_handle_unref(h);
    wa_handle_unref(past);
    return conf_failed(wa_loop_free(loop), "wa_loop_free");
}
