/* A task may catch its CancelledError, await during cleanup (the sleep is not
 * cancelled again: the request was delivered once), swallow it and return a
 * value.  The task then ends normally with that result, not cancelled, while
 * cancelling() still counts the request; cancel() on it now returns False. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!f->err) TRACE_NOW("worker: not reached");
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("worker: caught CancelledError: %s, cleaning up", wa_error_message(f->err));
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("worker: cleanup done, returning 'partial'");
    }
    WA_RETURN(co, wa_str("partial"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_future *fut;
    wa_value v;
    bool r;
    WA_BEGIN(co);
    f->task = WA_SPAWN(wa_get_running_loop(), worker, frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->task, "stop");
    TRACE_NOW("main: cancel('stop') -> %s, cancelling=%d", yes(r), wa_task_cancelling(f->task));
    WA_AWAIT(co, f->task);
    fut = wa_task_future(f->task);
    TRACE_NOW("main: got %s, done=%s, cancelled=%s", co->value.as.buf.data, yes(wa_future_done(fut)),
              yes(wa_future_cancelled(fut)));
    if (wa_future_result(fut, &v) == 0)
        TRACE_NOW("main: cancelling=%d, result()=%s", wa_task_cancelling(f->task), v.as.buf.data);
    r = wa_task_cancel(f->task, NULL);
    TRACE_NOW("main: cancel() now -> %s, cancelling=%d", yes(r), wa_task_cancelling(f->task));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
