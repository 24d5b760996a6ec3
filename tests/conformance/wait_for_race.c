/* The awaited future is resolved in the same loop iteration in which the
 * wait_for timeout fires, just before it: the caller had not resumed yet, so
 * the timeout's cancellation wins and TimeoutError is raised although the
 * future holds its result.  Timer first instead: the future is cancelled. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_future *fut;
    int64_t value;
} resolve_arg;

static void resolve(wa_loop *loop, void *arg) {
    resolve_arg *a = arg;
    if (wa_future_done(a->fut)) {
        TRACE(loop, "resolver: future already done, cancelled=%s", yes(wa_future_cancelled(a->fut)));
    } else {
        TRACE(loop, "resolver: set_result(%" PRId64 ")", a->value);
        wa_future_set_result(a->fut, wa_int(a->value));
    }
}

typedef struct {
    wa_coro co;
    resolve_arg a1, a2;
    wa_error *err;
} main_frame;

static void trace_outcome(wa_coro *co, wa_error *err) {
    if (!err)
        TRACE_NOW("main: wait_for returned %" PRId64, co->value.as.i);
    else
        TRACE_NOW("main: %s, cause %s", wa_error_type_of(err)->name,
                  wa_error_cause(err) ? wa_error_type_of(wa_error_cause(err))->name : "NoneType");
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    WA_BEGIN(co);
    /* Both deadlines fall within one clock resolution (1 ns): one iteration. */
    f->a1.fut = wa_future_new(loop);
    f->a1.value = 1;
    wa_call_later(loop, 1.0, resolve, &f->a1, NULL);
    WA_AWAIT_TRY(co, wa_wait_for(co, f->a1.fut, 1.0 + 1e-10), f->err);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    trace_outcome(co, f->err);
    if (wa_future_result(f->a1.fut, &v) == WA_OK)
        TRACE_NOW("main: future cancelled=%s, result=%" PRId64, yes(wa_future_cancelled(f->a1.fut)), v.as.i);
    wa_future_unref(f->a1.fut);
    f->a2.fut = wa_future_new(loop);
    f->a2.value = 2;
    wa_call_later(loop, 1.0 + 1e-10, resolve, &f->a2, NULL);
    WA_AWAIT_TRY(co, wa_wait_for(co, f->a2.fut, 1.0), f->err);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    trace_outcome(co, f->err);
    TRACE_NOW("main: future cancelled=%s", yes(wa_future_cancelled(f->a2.fut)));
    wa_future_unref(f->a2.fut);
    TRACE_NOW("main: cancelling=%d", wa_task_cancelling(co->task));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
