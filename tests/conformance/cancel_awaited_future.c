/* Cancelling a task suspended on a plain future cancels that future at once
 * (with the message): fut.cancelled() is True before the task even runs.
 * The future's done callbacks, the task's wakeup among them, run in the
 * order they were added; the future keeps raising CancelledError(msg). */
#include "trace.h"

static void watcher(wa_future *fut, void *name) {
    TRACE(wa_future_loop(fut), "%s: fut done=%s cancelled=%s", (const char *)name, yes(wa_future_done(fut)),
          yes(wa_future_cancelled(fut)));
}

typedef struct {
    wa_coro co;
    wa_future *fut;
    wa_error *err;
} frame;

static wa_status waiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->fut, f->err);
    if (!f->err) TRACE_NOW("waiter: not reached");
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("waiter: caught CancelledError: %s", wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *fut;
    wa_task *task;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *e;
    bool r;
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    wa_future_add_done_callback(f->fut, watcher, "cb-before");
    f->task = WA_SPAWN(loop, waiter, frame, .fut = f->fut);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_future_add_done_callback(f->fut, watcher, "cb-after");
    TRACE_NOW("main: fut.cancelled()=%s", yes(wa_future_cancelled(f->fut)));
    r = wa_task_cancel(f->task, "via task");
    TRACE_NOW("main: task.cancel('via task') -> %s", yes(r));
    TRACE_NOW("main: fut.cancelled()=%s, task.cancelled()=%s", yes(wa_future_cancelled(f->fut)),
              yes(wa_future_cancelled(wa_task_future(f->task))));
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: task raised CancelledError: %s, cancelled=%s", wa_error_message(f->err),
                  yes(wa_future_cancelled(wa_task_future(f->task))));
    if (wa_future_result(f->fut, NULL) == WA_ECANCELLED) {
        e = wa_future_cancelled_error(f->fut);
        TRACE_NOW("main: fut.result() raises CancelledError: %s", wa_error_message(e));
        wa_error_unref(e);
    }
    r = wa_future_cancel(f->fut, NULL);
    TRACE_NOW("main: fut.cancel() again -> %s", yes(r));
    wa_task_unref(f->task);
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
