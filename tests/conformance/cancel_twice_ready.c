/* Two cancel() calls on a task that awaits no future (not started yet, or
 * ready after sleep(0)) deliver one CancelledError, carrying the latest
 * message; cancelling() is 2.  The unstarted task ends cancelled without
 * running; the ready one catches it, and its later sleep is not cancelled. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_error *err;
} frame;

static wa_status body(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: body runs", f->name);
    WA_AWAIT_TRY(co, wa_sleep(co, 0), f->err);
    if (!f->err) TRACE_NOW("%s: not reached", f->name);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("%s: caught CancelledError: %s, cancelling=%d", f->name, wa_error_message(f->err),
                  wa_task_cancelling(wa_current_task(wa_get_running_loop())));
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("%s: sleep(0.5) completed", f->name);
    WA_RETURN(co, wa_str("survived"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *early, *ready;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    bool r1, r2;
    WA_BEGIN(co);
    f->early = WA_SPAWN(loop, body, frame, .name = "early");
    r1 = wa_task_cancel(f->early, "a");
    r2 = wa_task_cancel(f->early, "b");
    TRACE_NOW("main: early.cancel('a') -> %s, cancel('b') -> %s", yes(r1), yes(r2));
    f->ready = WA_SPAWN(loop, body, frame, .name = "ready");
    WA_YIELD(co);
    r1 = wa_task_cancel(f->ready, "first");
    r2 = wa_task_cancel(f->ready, "second");
    TRACE_NOW("main: ready.cancel('first') -> %s, cancel('second') -> %s", yes(r1), yes(r2));
    WA_AWAIT_TRY(co, f->early, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: early raised CancelledError: %s, cancelling=%d", wa_error_message(f->err),
                  wa_task_cancelling(f->early));
    WA_AWAIT(co, f->ready);
    TRACE_NOW("main: ready returned %s, cancelled=%s, cancelling=%d", co->value.as.buf.data,
              yes(wa_future_cancelled(wa_task_future(f->ready))), wa_task_cancelling(f->ready));
    wa_task_unref(f->early);
    wa_task_unref(f->ready);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
