/* Two Conditions built on one Lock share its state: holding the lock, by
 * itself or through either condition, makes every one of them locked(),
 * wait() on one frees the lock for all, and notify() on one condition wakes
 * only that condition's waiters. */
#include "trace.h"

static bool locked(wa_condition *c) { return wa_lock_locked(wa_condition_lock(c)); }

typedef struct {
    wa_coro co;
    wa_condition *cond;
    wa_lock *lock;
    const char *name;
    wa_guard guard;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        TRACE_NOW("%s: waiting", f->name);
        WA_AWAIT(co, wa_condition_wait(co, f->cond));
        TRACE_NOW("%s: wait -> %s, lock.locked=%s", f->name, yes(co->value.as.b), yes(wa_lock_locked(f->lock)));
        WA_AWAIT(co, wa_sleep(co, 0.25));
        TRACE_NOW("%s: releasing", f->name);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_condition *ca, *cb;
    wa_task *ta, *tb;
    wa_guard guard;
} main_frame;

static const char *done(wa_task *t) { return yes(wa_future_done(wa_task_future(t))); }

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->lock = wa_lock_new(loop);
    f->ca = wa_condition_new(loop, f->lock);
    f->cb = wa_condition_new(loop, f->lock);
    TRACE_NOW("main: ca.locked=%s cb.locked=%s", yes(locked(f->ca)), yes(locked(f->cb)));
    f->ta = WA_SPAWN(loop, waiter, waiter_frame, .cond = f->ca, .lock = f->lock, .name = "a");
    f->tb = WA_SPAWN(loop, waiter, waiter_frame, .cond = f->cb, .lock = f->lock, .name = "b");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("main: both waiting, lock.locked=%s", yes(wa_lock_locked(f->lock)));
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("main: holding the lock, ca.locked=%s cb.locked=%s", yes(locked(f->ca)), yes(locked(f->cb)));
        wa_condition_notify_all(f->cb);
        TRACE_NOW("main: cb.notify_all()");
    }
    WA_WITH_END(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("main: a done=%s, ca.locked=%s", done(f->ta), yes(locked(f->ca)));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: a done=%s, b done=%s", done(f->ta), done(f->tb));
    WA_WITH_ACQUIRED(co, &f->guard, f->ca) {
        TRACE_NOW("main: in `async with ca`, lock.locked=%s", yes(wa_lock_locked(f->lock)));
        wa_condition_notify(f->cb, 1);
        wa_condition_notify(f->ca, 1);
        TRACE_NOW("main: cb.notify(1), ca.notify(1)");
    }
    WA_WITH_END(co);
    WA_AWAIT(co, f->ta);
    WA_AWAIT(co, f->tb);
    TRACE_NOW("main: lock.locked=%s", yes(wa_lock_locked(f->lock)));
    wa_task_unref(f->ta);
    wa_task_unref(f->tb);
    wa_condition_free(f->ca);
    wa_condition_free(f->cb);
    wa_lock_free(f->lock);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
