/* A cancel from outside (another task's task.cancel()) while inside a
 * timeout scope stays a CancelledError: the scope is not expired and raises
 * no TimeoutError.  Even when the deadline passed in the same iteration,
 * just before the outside cancel, the extra cancel request (cancelling() 2,
 * uncancel leaves 1) makes the scope let CancelledError through. */
#include "trace.h"

static int cancelling(void) { return wa_task_cancelling(wa_current_task(wa_get_running_loop())); }

typedef struct {
    wa_coro co;
    wa_timeout *tm;
    wa_future *fut;
    wa_error *err;
} scope_frame;

static wa_status scope1(wa_coro *co) {
    scope_frame *f = (scope_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 2)) {
        TRACE_NOW("worker1: in timeout(2), sleeping 10");
        WA_AWAIT(co, wa_sleep(co, 10));
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status scope2(wa_coro *co) {
    scope_frame *f = (scope_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
        TRACE_NOW("worker2: in timeout(1), awaiting a future");
        WA_AWAIT_TRY(co, f->fut, f->err);
        if (wa_error_is(f->err, WA_CANCELLED_ERROR))
            TRACE_NOW("worker2: body got %s('%s'), expired=%s cancelling=%d", wa_error_type_of(f->err)->name,
                      wa_error_message(f->err), yes(wa_timeout_expired(f->tm)), cancelling());
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *name;
    wa_future *fut;
    wa_timeout tm;
    wa_error *err;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    if (f->fut)
        WA_AWAIT_CALL_TRY(co, f->err, scope2, scope_frame, .tm = &f->tm, .fut = f->fut);
    else
        WA_AWAIT_CALL_TRY(co, f->err, scope1, scope_frame, .tm = &f->tm);
    if (f->err) {
        TRACE_NOW("%s: %s('%s') left the scope, expired=%s cancelling=%d", f->name, wa_error_type_of(f->err)->name,
                  wa_error_message(f->err), yes(wa_timeout_expired(&f->tm)), cancelling());
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_END(co);
}

static void on_done(wa_future *fut, void *t2) {
    TRACE_NOW("callback: future cancelled=%s, cancelling worker2 too", yes(wa_future_cancelled(fut)));
    wa_task_cancel(t2, "outside");
}

typedef struct {
    wa_coro co;
    wa_task *t1, *t2;
    wa_future *fut;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t1 = WA_SPAWN(loop, worker, worker_frame, .name = "worker1");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("main: cancelling worker1");
    wa_task_cancel(f->t1, "outside");
    WA_AWAIT_TRY(co, f->t1, f->err);
    if (f->err)
        TRACE_NOW("main: worker1 raised %s, cancelled=%s", wa_error_type_of(f->err)->name,
                  yes(wa_future_cancelled(wa_task_future(f->t1))));
    wa_task_unref(f->t1);

    f->fut = wa_future_new(loop);
    f->t2 = WA_SPAWN(loop, worker, worker_frame, .name = "worker2", .fut = f->fut);
    wa_future_add_done_callback(f->fut, on_done, f->t2);
    WA_AWAIT_TRY(co, f->t2, f->err);
    if (f->err)
        TRACE_NOW("main: worker2 raised %s, cancelled=%s", wa_error_type_of(f->err)->name,
                  yes(wa_future_cancelled(wa_task_future(f->t2))));
    wa_task_unref(f->t2);
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
