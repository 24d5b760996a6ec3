/* A task cancelled inside try: the except clause for ValueError does not
 * run, the finally block does and may await; the CancelledError goes on
 * after it, so the task ends cancelled. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_try t;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        TRACE_NOW("worker: start");
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("worker: not reached");
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("worker: not reached either");
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("worker: finally");
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("worker: cleanup done");
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
    WA_AWAIT(co, wa_sleep(co, 2));
    wa_task_cancel(f->task, "enough");
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, f->task);
    }
    WA_EXCEPT(co, &f->t, WA_CANCELLED_ERROR) {
        TRACE_NOW("main: CancelledError(%s), cancelled()=%s", wa_error_message(f->t.caught),
                  yes(wa_future_cancelled(wa_task_future(f->task))));
    }
    WA_TRY_END(co, &f->t);
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
