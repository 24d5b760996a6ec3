/* When a cancelled task finishes, its done callbacks and the wakeups of the
 * tasks awaiting it are one list, run in registration order in the next
 * iteration: a callback added before the awaiter started waiting runs before
 * it, one added after runs after it.  All see the task done and cancelled. */
#include "trace.h"

static void show(wa_future *fut, void *name) {
    TRACE(wa_future_loop(fut), "%s: done=%s cancelled=%s", (const char *)name, yes(wa_future_done(fut)),
          yes(wa_future_cancelled(fut)));
}

typedef struct {
    wa_coro co;
    wa_task *task;
    wa_error *err;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("worker: cancelled, re-raising");
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status awaiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("awaiter: woke with CancelledError: %s", wa_error_message(f->err));
    WA_RETURN(co, wa_str("awaiter done"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task, *watcher;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    bool r;
    WA_BEGIN(co);
    f->task = WA_SPAWN(loop, worker, frame);
    wa_future_add_done_callback(wa_task_future(f->task), show, "cb1");
    f->watcher = WA_SPAWN(loop, awaiter, frame, .task = f->task);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_future_add_done_callback(wa_task_future(f->task), show, "cb2");
    r = wa_task_cancel(f->task, "bye");
    TRACE_NOW("main: cancel('bye') -> %s", yes(r));
    WA_AWAIT(co, f->watcher);
    TRACE_NOW("main: got %s", co->value.as.buf.data);
    wa_task_unref(f->task);
    wa_task_unref(f->watcher);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
