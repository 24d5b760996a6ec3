/* A task that catches its CancelledError and calls uncancel() (cancelling()
 * back to 0) goes on normally: a later sleep completes, and nothing is
 * re-delivered.  A new cancel() afterwards is delivered as usual at the next
 * suspension, and cancelling() counts only that one. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *me;
    wa_error *err;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    f->me = wa_current_task(wa_get_running_loop());
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("worker: caught %s, cancelling=%d", wa_error_message(f->err), wa_task_cancelling(f->me));
        TRACE_NOW("worker: uncancel() -> %d", wa_task_uncancel(f->me));
    }
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("worker: sleep(1) completed, cancelling=%d", wa_task_cancelling(f->me));
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("worker: cancelled again: %s, cancelling=%d", wa_error_message(f->err), wa_task_cancelling(f->me));
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
    WA_AWAIT(co, wa_sleep(co, 2));
    r = wa_task_cancel(f->task, "first");
    TRACE_NOW("main: cancel('first') -> %s", yes(r));
    WA_AWAIT(co, wa_sleep(co, 3));
    TRACE_NOW("main: task done=%s, cancelling=%d", yes(wa_future_done(wa_task_future(f->task))),
              wa_task_cancelling(f->task));
    r = wa_task_cancel(f->task, "second");
    TRACE_NOW("main: cancel('second') -> %s", yes(r));
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: task raised CancelledError: %s, cancelled=%s, cancelling=%d", wa_error_message(f->err),
                  yes(wa_future_cancelled(wa_task_future(f->task))), wa_task_cancelling(f->task));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
