/* Task.cancel(msg) is delivered as CancelledError(msg) at the await where the
 * task is suspended; the task catches it, cleans up (awaiting is allowed
 * during cleanup), and re-raises.  The awaiter then sees CancelledError with
 * the same message, and the task ends cancelled. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;      /* caught: owned by the frame until the next await */
    wa_error *saved;    /* our reference, kept across the cleanup await */
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("worker: sleeping 10");
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!f->err) TRACE_NOW("worker: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("worker: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("worker: cleanup done, re-raising");
    WA_RAISE(co, f->saved);
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
    f->task = WA_SPAWN(wa_get_running_loop(), worker, worker_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->task, "shutdown");
    TRACE_NOW("main: cancel -> %s, cancelling=%d", yes(r), wa_task_cancelling(f->task));
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: awaiting worker raised %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    r = wa_task_cancel(f->task, NULL);
    TRACE_NOW("main: cancelled=%s, cancel now -> %s", yes(wa_future_cancelled(wa_task_future(f->task))), yes(r));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
