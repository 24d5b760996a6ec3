/* A waiter cancelled in the same iteration in which notify() woke it does
 * not swallow the notification: its wait() re-acquires the lock, raises
 * CancelledError and notifies the next waiter in its place.  A waiter
 * cancelled just before notify() is skipped by it and still passes a
 * wake-up on when it leaves, so two tasks wake (a spurious wake-up). */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_condition *cond;
    const char *name;
    wa_guard guard;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        TRACE_NOW("%s: waiting", f->name);
        WA_AWAIT_TRY(co, wa_condition_wait(co, f->cond), f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err) {
            TRACE_NOW("%s: wait cancelled, locked=%s", f->name, yes(wa_lock_locked(wa_condition_lock(f->cond))));
            WA_RAISE(co, wa_error_ref(f->err));
        }
        TRACE_NOW("%s: wait -> %s", f->name, yes(co->value.as.b));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    wa_task *tasks[5];
    wa_guard guard;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *names[5] = {"a", "b", "c", "d", "e"};
    bool r;
    WA_BEGIN(co);
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    for (int i = 0; i < 5; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .cond = f->cond, .name = names[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        wa_condition_notify(f->cond, 1);
        r = wa_task_cancel(f->tasks[0], NULL);
        TRACE_NOW("main: notify(1), then cancel(a) -> %s", yes(r));
    }
    WA_WITH_END(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        r = wa_task_cancel(f->tasks[2], NULL);
        wa_condition_notify(f->cond, 1);
        TRACE_NOW("main: cancel(c) -> %s, then notify(1)", yes(r));
    }
    WA_WITH_END(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    for (int i = 0; i < 5; i++) {
        wa_future *tf = wa_task_future(f->tasks[i]);
        TRACE_NOW("main: %s done=%s cancelled=%s", names[i], yes(wa_future_done(tf)), yes(wa_future_cancelled(tf)));
    }
    TRACE_NOW("main: locked=%s", yes(wa_lock_locked(wa_condition_lock(f->cond))));
    for (int i = 0; i < 5; i++) wa_task_unref(f->tasks[i]);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
