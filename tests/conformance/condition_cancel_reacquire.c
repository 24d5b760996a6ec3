/* A task cancelled while blocked in Condition.wait() re-acquires the lock
 * before the CancelledError reaches it: while another task holds the lock
 * the cancelled waiter stays blocked (a second cancel meanwhile only
 * replaces the error raised), its except block then runs with locked()
 * True, and leaving `async with cond:` releases the lock again. */
#include "trace.h"

static bool locked(wa_condition *c) { return wa_lock_locked(wa_condition_lock(c)); }

typedef struct {
    wa_coro co;
    wa_condition *cond;
    wa_guard guard;
    wa_error *err;
    wa_error *saved;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        TRACE_NOW("waiter: waiting");
        WA_AWAIT_TRY(co, wa_condition_wait(co, f->cond), f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err) {
            TRACE_NOW("waiter: wait raised %s: %s, locked=%s", wa_error_type_of(f->err)->name,
                      wa_error_message(f->err), yes(locked(f->cond)));
            f->saved = wa_error_ref(f->err);
            WA_AWAIT(co, wa_sleep(co, 0.25));
            TRACE_NOW("waiter: cleanup done, re-raising");
            WA_RAISE(co, f->saved);
        }
    }
    WA_WITH_END(co);
    TRACE_NOW("waiter: not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    wa_task *t;
    wa_guard guard;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    f->t = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .cond = f->cond);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        TRACE_NOW("main: holding the lock, cancelling waiter");
        wa_task_cancel(f->t, "stop");
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("main: cancelling again, cancelling=%d", wa_task_cancelling(f->t));
        wa_task_cancel(f->t, "again");
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("main: waiter done=%s, releasing", yes(wa_future_done(wa_task_future(f->t))));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: released, locked=%s", yes(locked(f->cond)));
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("main: waiter cleaning up, locked=%s", yes(locked(f->cond)));
    WA_AWAIT_TRY(co, f->t, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: waiter cancelled=%s, locked=%s", yes(wa_future_cancelled(wa_task_future(f->t))),
                  yes(locked(f->cond)));
    wa_task_unref(f->t);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
