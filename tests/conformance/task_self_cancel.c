/* A task that cancels itself keeps running until its next suspension: if it
 * then awaits a future, that future is cancelled at once and the task gets
 * CancelledError in the next iteration without the clock moving; if it
 * returns instead, it still ends cancelled and its return value is lost. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} frame;

static wa_status sleepy(wa_coro *co) {
    frame *f = (frame *)co;
    bool r;
    WA_BEGIN(co);
    r = wa_task_cancel(wa_current_task(wa_get_running_loop()), "self");
    TRACE_NOW("sleepy: cancel myself -> %s", yes(r));
    TRACE_NOW("sleepy: still running, now awaiting sleep(10)");
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("sleepy: CancelledError at the sleep: %s", wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status quitter(wa_coro *co) {
    WA_BEGIN(co);
    wa_task_cancel(wa_current_task(wa_get_running_loop()), NULL);
    TRACE_NOW("quitter: cancelled myself, returning 42");
    WA_RETURN(co, wa_int(42));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    static const wa_step_fn steps[] = {sleepy, quitter};
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 2; f->i++) {
        f->task = WA_SPAWN(wa_get_running_loop(), steps[f->i], frame);
        WA_AWAIT_TRY(co, f->task, f->err);
        if (!f->err) TRACE_NOW("main: got %lld", (long long)co->value.as.i);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: CancelledError '%s', cancelled=%s", wa_error_message(f->err),
                      yes(wa_future_cancelled(wa_task_future(f->task))));
        wa_task_unref(f->task);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
