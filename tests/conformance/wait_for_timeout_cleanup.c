/* On timeout, wait_for cancels the inner task and waits until it has really
 * finished (its except handler may await for its cleanup) before raising
 * TimeoutError in the caller; the TimeoutError's cause is the CancelledError
 * and the caller's own cancel count is back to 0. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
    wa_error *saved;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("worker: sleeping 5");
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (!f->err) TRACE_NOW("worker: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("worker: cancelled, cleaning up for 0.5");
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("worker: cleanup done, re-raising");
    WA_RAISE(co, f->saved);
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
    f->t = WA_SPAWN(wa_get_running_loop(), worker, worker_frame);
    TRACE_NOW("main: wait_for(worker, 1)");
    WA_AWAIT_TRY(co, wa_wait_for(co, f->t, 1), f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        wa_error *cause = wa_error_cause(f->err);
        TRACE_NOW("main: caught %s '%s', cause %s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  cause ? wa_error_type_of(cause)->name : "NoneType");
    }
    TRACE_NOW("main: worker done=%s, cancelled=%s", yes(wa_future_done(wa_task_future(f->t))),
              yes(wa_future_cancelled(wa_task_future(f->t))));
    TRACE_NOW("main: cancelling=%d", wa_task_cancelling(co->task));
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
