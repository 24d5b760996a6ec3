/* When the deadline passes, asyncio.timeout cancels the task: the body sees
 * CancelledError (cancelling() is 1 there), and leaving the scope turns it
 * into TimeoutError caused by that CancelledError.  expired() is True, when()
 * is unchanged, and cancelling() is back to 0 after the conversion.  A task
 * whose scope times out uncaught ends failed with TimeoutError, not cancelled. */
#include "trace.h"

static int cancelling(void) { return wa_task_cancelling(wa_current_task(wa_get_running_loop())); }

typedef struct {
    wa_coro co;
    wa_timeout *tm;
    wa_error *err;
} guarded_frame;

/* the scope, in a frame of its own so that its outcome can be caught */
static wa_status guarded(wa_coro *co) {
    guarded_frame *f = (guarded_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1.5)) {
        TRACE_NOW("body: sleeping 10, when=%.3f", wa_timeout_when(f->tm));
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (!f->err) TRACE_NOW("body: not reached");
        if (wa_error_is(f->err, WA_CANCELLED_ERROR))
            TRACE_NOW("body: caught %s, cancelling=%d expired=%s", wa_error_type_of(f->err)->name, cancelling(),
                      yes(wa_timeout_expired(f->tm)));
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    TRACE_NOW("after scope: not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm;
} worker_frame;

static wa_status expire_uncaught(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm, 0.5)) {
        TRACE_NOW("worker: sleeping 5 in timeout(0.5)");
        WA_AWAIT(co, wa_sleep(co, 5));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm;
    wa_error *err;
    wa_task *worker;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, guarded, guarded_frame, .tm = &f->tm);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("main: caught %s: '%s'", wa_error_type_of(f->err)->name, wa_error_message(f->err));
        TRACE_NOW("main: cause is %s", wa_error_type_of(wa_error_cause(f->err))->name);
    }
    TRACE_NOW("main: expired=%s when=%.3f cancelling=%d", yes(wa_timeout_expired(&f->tm)), wa_timeout_when(&f->tm),
              cancelling());
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: sleeps normally afterwards");
    f->worker = WA_SPAWN(wa_get_running_loop(), expire_uncaught, worker_frame);
    WA_AWAIT_TRY(co, f->worker, f->err);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: awaiting worker raised %s", wa_error_type_of(f->err)->name);
    {
        wa_error *exc = NULL;
        wa_future_exception(wa_task_future(f->worker), &exc);
        TRACE_NOW("main: worker cancelled=%s cancelling=%d exception=%s",
                  yes(wa_future_cancelled(wa_task_future(f->worker))), wa_task_cancelling(f->worker),
                  exc ? wa_error_type_of(exc)->name : "NoneType");
    }
    wa_task_unref(f->worker);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
