/* An error raised by the task awaited in wait_for propagates to the caller
 * as is (not as TimeoutError), when it happens, and the timeout is disarmed;
 * wait_for(t, 0) on a task that already failed raises its error at once. */
#include "trace.h"

typedef struct {
    wa_coro co;
} failing_frame;

static wa_status failing(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("failing: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad value"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_error *err;
    wa_error *caught;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_error *exc = NULL;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), failing, failing_frame);
    WA_AWAIT_TRY(co, wa_wait_for(co, f->t, 2), f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    f->caught = f->err;
    wa_future_exception(wa_task_future(f->t), &exc);
    TRACE_NOW("main: task cancelled=%s, exception is the same: %s", yes(wa_future_cancelled(wa_task_future(f->t))),
              yes(exc && exc == f->caught));
    WA_AWAIT(co, wa_sleep(co, 3));
    TRACE_NOW("main: no late cancellation, cancelling=%d", wa_task_cancelling(co->task));
    WA_AWAIT_TRY(co, wa_wait_for(co, f->t, 0), f->err);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: timeout 0 on the failed task: %s: %s", wa_error_type_of(f->err)->name,
                  wa_error_message(f->err));
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
