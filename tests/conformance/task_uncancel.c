/* Python 3.13: uncancel() that brings cancelling() back to 0 withdraws a
 * cancellation that was requested but not yet delivered (the task was ready,
 * not awaiting a future), so the task runs on normally.  (3.11 still
 * delivers it.)  A second cancel is then delivered as usual. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("worker: step 1");
    WA_YIELD(co);
    TRACE_NOW("worker: step 2, not cancelled");
    WA_AWAIT_TRY(co, wa_sleep(co, 1), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("worker: cancelled during sleep(1): %s", wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    bool r;
    WA_BEGIN(co);
    f->task = WA_SPAWN(wa_get_running_loop(), worker, frame);
    WA_YIELD(co);
    r = wa_task_cancel(f->task, "withdrawn");
    TRACE_NOW("main: cancel -> %s, cancelling=%d", yes(r), wa_task_cancelling(f->task));
    TRACE_NOW("main: uncancel -> %d", wa_task_uncancel(f->task));
    WA_AWAIT(co, wa_sleep(co, 0.5));
    r = wa_task_cancel(f->task, "for real");
    TRACE_NOW("main: cancel -> %s, cancelling=%d", yes(r), wa_task_cancelling(f->task));
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: worker raised CancelledError: %s", wa_error_message(f->err));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
