/* wait_for with a timeout of 0 or below cancels an unfinished task at once,
 * before it ever runs, and raises TimeoutError (caused by the CancelledError)
 * without the clock moving; a future that is already done is not cancelled:
 * wait_for(fut, 0) returns its result. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    int id;
    wa_error *err;
    wa_error *saved;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("w%d: started (not reached)", f->id);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_RETURN(co, wa_int(f->id));
    WA_END(co);
}

static wa_status sleeper(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("sleeper: started, sleeping 5");
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("sleeper: cancelled, cleaning up for 0.25");
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.25));
    WA_RAISE(co, f->saved);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int timeout;
    wa_task *t;
    wa_future *fut;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->timeout = 0; f->timeout >= -1; f->timeout--) {
        f->t = WA_SPAWN(wa_get_running_loop(), worker, worker_frame, .id = f->timeout);
        WA_AWAIT_TRY(co, wa_wait_for(co, f->t, f->timeout), f->err);
        if (!f->err) TRACE_NOW("main: not reached");
        if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: timeout %d: %s, cause %s", f->timeout, wa_error_type_of(f->err)->name,
                      wa_error_cause(f->err) ? wa_error_type_of(wa_error_cause(f->err))->name : "NoneType");
        TRACE_NOW("main: task cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->t))));
        wa_task_unref(f->t);
    }
    f->t = WA_SPAWN(wa_get_running_loop(), sleeper, worker_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_AWAIT_TRY(co, wa_wait_for(co, f->t, 0), f->err);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: started task, timeout 0: %s, cancelled=%s", wa_error_type_of(f->err)->name,
                  yes(wa_future_cancelled(wa_task_future(f->t))));
    wa_task_unref(f->t);
    f->fut = wa_future_new(wa_get_running_loop());
    wa_future_set_result(f->fut, wa_int(7));
    WA_AWAIT(co, wa_wait_for(co, f->fut, 0));
    TRACE_NOW("main: done future, timeout 0 -> %" PRId64 ", cancelled=%s", co->value.as.i,
              yes(wa_future_cancelled(f->fut)));
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
