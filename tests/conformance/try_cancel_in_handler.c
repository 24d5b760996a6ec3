/* A cancellation that arrives while a handler awaits: the rest of the
 * handler is skipped, the finally block runs, and the task ends cancelled;
 * the waiter sees it through its own except clause. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_try t;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad"));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("worker: handling, slow cleanup");
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("worker: not reached");
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("worker: finally");
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->task = WA_SPAWN(wa_get_running_loop(), worker, worker_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->task, NULL);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, f->task);
    }
    WA_EXCEPT(co, &f->t, WA_CANCELLED_ERROR) {
        TRACE_NOW("main: worker cancelled()=%s", yes(wa_future_cancelled(wa_task_future(f->task))));
    }
    WA_ELSE(co, &f->t) {
        TRACE_NOW("main: not reached");
    }
    WA_TRY_END(co, &f->t);
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
