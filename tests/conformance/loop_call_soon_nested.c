/* An iteration runs only the callbacks that were ready when it began
 * (_run_once's ntodo): a callback queued by a running callback waits for the
 * next iteration, behind those already queued.  stop() ends run_forever after
 * the current iteration, so what the last iteration queued runs in the next
 * run_forever. */
#include "trace.h"

static void a2(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "a2: stop()");
    wa_loop_stop(loop);
}

static void c(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "c: second run_forever");
    wa_loop_stop(loop);
}

static void b2(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "b2: still runs in this iteration, queues c");
    wa_call_soon(loop, c, NULL, NULL);
}

static void a(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "a: queues a2");
    wa_call_soon(loop, a2, NULL, NULL);
}

static void b(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "b: queues b2");
    wa_call_soon(loop, b2, NULL, NULL);
}

int main(void) {
    CONF_INIT();
    wa_loop *loop = conf_loop_new();
    if (!loop) return 1;
    wa_call_soon(loop, a, NULL, NULL);
    wa_call_soon(loop, b, NULL, NULL);
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run_forever returned");
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run_forever returned again");
    return conf_failed(wa_loop_free(loop), "wa_loop_free");
}
