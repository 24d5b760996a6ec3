/* Task.cancel(msg) is delivered to the innermost coroutine of a chain of
 * `await coro()` calls (two levels deep, all in one task).  Each level's
 * except clause sees CancelledError with the same message as it unwinds (a
 * level may await during its cleanup), and so does the task's awaiter. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
    wa_error *saved;
} frame;

static wa_status leaf(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("leaf: sleeping 10");
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!f->err) TRACE_NOW("leaf: not reached");
    if (wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("leaf: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status middle(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, leaf, frame);
    if (!f->err) TRACE_NOW("middle: not reached");
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("middle: caught %s: %s, cleaning up", wa_error_type_of(f->err)->name, wa_error_message(f->err));
        f->saved = wa_error_ref(f->err);
        WA_AWAIT(co, wa_sleep(co, 0.25));
        TRACE_NOW("middle: cleanup done, re-raising");
        WA_RAISE(co, f->saved);
    }
    WA_END(co);
}

static wa_status outer(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, middle, frame);
    if (!f->err) TRACE_NOW("outer: not reached");
    if (wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("outer: caught %s: %s, cancelling=%d", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  wa_task_cancelling(wa_current_task(wa_get_running_loop())));
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
    f->task = WA_SPAWN(wa_get_running_loop(), outer, frame);
    WA_AWAIT(co, wa_sleep(co, 2));
    r = wa_task_cancel(f->task, "deep");
    TRACE_NOW("main: cancel('deep') -> %s", yes(r));
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: task raised %s: %s, cancelled=%s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  yes(wa_future_cancelled(wa_task_future(f->task))));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
