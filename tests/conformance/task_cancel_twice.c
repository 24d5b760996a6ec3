/* Cancelling a suspended task twice before it runs: the first cancel()
 * cancels the future it awaits (with the first message); the second finds
 * that future already cancelled and only marks the task (_must_cancel).  The
 * task is woken by its future, so the CancelledError it sees, and the one
 * its awaiter sees, carry the first message; cancelling() counts both. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (f->err && wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("worker: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
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
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->task, "first");
    TRACE_NOW("main: cancel('first') -> %s", yes(r));
    r = wa_task_cancel(f->task, "second");
    TRACE_NOW("main: cancel('second') -> %s", yes(r));
    TRACE_NOW("main: cancelling=%d", wa_task_cancelling(f->task));
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: awaiting worker raised %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->task))));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
