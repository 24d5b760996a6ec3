/* Cancelling a task that is inside wait_for cancels the awaited inner task
 * (same message) and waits for its cleanup; the caller then sees
 * CancelledError, not TimeoutError, and the unexpired timeout never fires. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_error *err;
    wa_error *saved;
} frame;

static wa_status inner(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("inner: cancelled '%s', cleaning up for 0.5", wa_error_message(f->err));
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("inner: cleanup done, re-raising");
    WA_RAISE(co, f->saved);
    WA_END(co);
}

static wa_status caller(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_wait_for(co, f->t, 5), f->err);
    if (!f->err) TRACE_NOW("caller: not reached");
    if (wa_error_is(f->err, WA_TIMEOUT_ERROR)) TRACE_NOW("caller: TimeoutError (not expected)");
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) {
        TRACE_NOW("caller: CancelledError '%s'", wa_error_message(f->err));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t, *c;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    bool r;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), inner, frame);
    f->c = WA_SPAWN(wa_get_running_loop(), caller, frame, .t = f->t);
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->c, "stop");
    TRACE_NOW("main: cancel caller -> %s", yes(r));
    WA_AWAIT_TRY(co, f->c, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: caller raised CancelledError '%s'", wa_error_message(f->err));
    TRACE_NOW("main: caller cancelled=%s, inner cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->c))),
              yes(wa_future_cancelled(wa_task_future(f->t))));
    wa_task_unref(f->t);
    wa_task_unref(f->c);
    WA_AWAIT(co, wa_sleep(co, 10));
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
