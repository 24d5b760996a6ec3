/* A coroutine that catches its own cancellation, cleans up with awaits and
 * returns a value: the task finishes normally, not cancelled, and
 * cancelling() still counts the request. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_try t;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 10));
    }
    WA_EXCEPT(co, &f->t, WA_CANCELLED_ERROR) {
        TRACE_NOW("worker: caught CancelledError(%s)", wa_error_message(f->t.caught));
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("worker: cancelling()=%d", wa_task_cancelling(co->task));
        WA_RETURN(co, wa_str("partial"));
    }
    WA_TRY_END(co, &f->t);
    WA_RETURN(co, wa_str("full"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->task = WA_SPAWN(wa_get_running_loop(), worker, worker_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->task, "stop");
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: result %s, cancelled()=%s", co->value.as.buf.data,
              yes(wa_future_cancelled(wa_task_future(f->task))));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
