/* wait_for(aw, None) waits as long as it takes: a task finishing after an
 * hour is waited for.  A plain future resolved later from a callback is
 * waited for too (with and without a timeout) and returns its result
 * without being cancelled. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
} slow_frame;

static wa_status slow(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 3600));
    TRACE_NOW("slow: returning 'late'");
    WA_RETURN(co, wa_str("late"));
    WA_END(co);
}

typedef struct {
    wa_future *fut;
    int64_t value;
} resolve_arg;

static void resolve(wa_loop *loop, void *arg) {
    resolve_arg *a = arg;
    TRACE(loop, "callback: set_result(%" PRId64 ")", a->value);
    wa_future_set_result(a->fut, wa_int(a->value));
}

typedef struct {
    wa_coro co;
    wa_task *t;
    resolve_arg a;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t = WA_SPAWN(loop, slow, slow_frame);
    WA_AWAIT(co, wa_wait_for(co, f->t, WA_NO_TIMEOUT));
    TRACE_NOW("main: wait_for(slow, None) returned %s", co->value.as.buf.data);
    wa_task_unref(f->t);
    f->a.fut = wa_future_new(loop);
    f->a.value = 10;
    wa_call_later(loop, 2.5, resolve, &f->a, NULL);
    WA_AWAIT(co, wa_wait_for(co, f->a.fut, 5));
    TRACE_NOW("main: wait_for(future, 5) returned %" PRId64 ", cancelled=%s", co->value.as.i,
              yes(wa_future_cancelled(f->a.fut)));
    wa_future_unref(f->a.fut);
    f->a.fut = wa_future_new(loop);
    f->a.value = 20;
    wa_call_later(loop, 100, resolve, &f->a, NULL);
    WA_AWAIT(co, wa_wait_for(co, f->a.fut, WA_NO_TIMEOUT));
    TRACE_NOW("main: wait_for(future, None) returned %" PRId64, co->value.as.i);
    wa_future_unref(f->a.fut);
    WA_AWAIT(co, wa_sleep(co, 5));
    TRACE_NOW("main: done, cancelling=%d", wa_task_cancelling(co->task));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
