/* A closed loop stays an object until it is freed: is_closed() answers,
 * closing again does nothing, and scheduling or running on it raises
 * RuntimeError "Event loop is closed". */
#include "trace.h"

static void cb(wa_loop *loop, void *arg) {
    (void)loop;
    (void)arg;
    TRACE_NOW("cb: not reached");
}

static void report(const char *name, int rc) {
    if (rc == 0) TRACE_NOW("main: %s ok", name);
    else TRACE_NOW("main: %s: %s: %s", name, rc == WA_ECLOSED ? "RuntimeError" : wa_err_name(rc), last_error_words());
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    wa_loop *other = conf_loop_new();
    wa_future *fut = wa_future_new(other);
    TRACE_NOW("main: other closed=%s", yes(wa_loop_is_closed(other)));
    wa_loop_close(other);
    TRACE_NOW("main: other closed=%s", yes(wa_loop_is_closed(other)));
    if (wa_loop_close(other) == 0) TRACE_NOW("main: closed again, no error");
    report("call_soon", wa_call_soon(other, cb, NULL, NULL));
    report("call_later", wa_call_later(other, 1, cb, NULL, NULL));
    report("call_at", wa_call_at(other, 1, cb, NULL, NULL));
    report("call_soon_threadsafe", wa_call_soon_threadsafe(other, cb, NULL));
    report("run_until_complete", wa_loop_run_until_complete(other, fut));
    wa_future_cancel(fut, NULL);
    wa_future_unref(fut);
    wa_loop_free(other);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
