/* A done callback (plain code run by the loop, outside any task: no current
 * task) may cancel a task.  Here a trigger future is completed by a timer;
 * its callback cancels the worker with a message built from the trigger's
 * result, and the worker gets CancelledError in the following iteration. */
#include <stdio.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("worker: sleeping 10");
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!f->err) TRACE_NOW("worker: not reached");
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("worker: caught CancelledError: %s", wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static void on_trigger(wa_future *fut, void *arg) {
    wa_task *task = arg;
    wa_loop *loop = wa_future_loop(fut);
    wa_value v;
    char msg[64];
    wa_future_result(fut, &v);
    snprintf(msg, sizeof msg, "trigger says %s", v.as.buf.data);
    TRACE(loop, "callback: current task is %s", wa_current_task(loop) ? "a task" : "None");
    bool r = wa_task_cancel(task, msg);
    TRACE(loop, "callback: cancel -> %s, cancelling=%d", yes(r), wa_task_cancelling(task));
}

static void fire(wa_loop *loop, void *trigger) {
    TRACE(loop, "timer: set_result('stop')");
    wa_future_set_result(trigger, wa_str("stop"));
}

typedef struct {
    wa_coro co;
    wa_task *task;
    wa_future *trigger;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->task = WA_SPAWN(loop, worker, frame);
    f->trigger = wa_future_new(loop);
    wa_future_add_done_callback(f->trigger, on_trigger, f->task);
    wa_call_later(loop, 1.5, fire, f->trigger, NULL);
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: worker raised CancelledError: %s, cancelled=%s", wa_error_message(f->err),
                  yes(wa_future_cancelled(wa_task_future(f->task))));
    wa_task_unref(f->task);
    wa_future_unref(f->trigger);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
