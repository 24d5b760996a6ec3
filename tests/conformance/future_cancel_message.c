/* Cancelling a future with a message wakes the task awaiting it with a
 * CancelledError carrying that message; the task catches it and returns
 * normally, so the task itself ends with a result, not cancelled.  A second
 * cancel of a done future returns False. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_future *fut;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("waiter: awaiting the future");
    WA_AWAIT_TRY(co, f->fut, f->err);
    if (f->err) {
        TRACE_NOW("waiter: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
        WA_RETURN(co, wa_str("handled"));
    }
    WA_RETURN(co, wa_str("not reached"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *fut;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->fut = wa_future_new(wa_get_running_loop());
    f->task = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .fut = f->fut);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("main: fut.cancel('too slow') -> %s", yes(wa_future_cancel(f->fut, "too slow")));
    TRACE_NOW("main: fut.cancel() again -> %s", yes(wa_future_cancel(f->fut, NULL)));
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: waiter returned %s, task cancelled=%s", co->value.as.buf.data,
              yes(wa_future_cancelled(wa_task_future(f->task))));
    TRACE_NOW("main: fut cancelled=%s", yes(wa_future_cancelled(f->fut)));
    wa_task_unref(f->task);
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
