/* When wait_for's timeout cancels the inner task and the task swallows the
 * cancellation and returns a value, wait_for returns that value: no
 * TimeoutError.  The caller's cancel count is restored (no late
 * cancellation); the inner task stays with cancelling() == 1. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} stubborn_frame;

static wa_status stubborn(wa_coro *co) {
    stubborn_frame *f = (stubborn_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (!f->err) WA_RETURN(co, wa_str("full"));
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("stubborn: cancelled, swallowing it; finishing in 0.25");
    WA_AWAIT(co, wa_sleep(co, 0.25));
    TRACE_NOW("stubborn: returning 'partial'");
    WA_RETURN(co, wa_str("partial"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), stubborn, stubborn_frame);
    TRACE_NOW("main: wait_for(stubborn, 1)");
    WA_AWAIT_TRY(co, wa_wait_for(co, f->t, 1), f->err);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: TimeoutError (not expected)");
    else
        TRACE_NOW("main: wait_for returned %s", co->value.as.buf.data);
    TRACE_NOW("main: task cancelled=%s, cancelling=%d", yes(wa_future_cancelled(wa_task_future(f->t))),
              wa_task_cancelling(f->t));
    wa_task_unref(f->t);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: still running, cancelling=%d", wa_task_cancelling(co->task));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
