/* Cancelling a waiter that has not been woken drops it from the Lock's
 * queue: the lock stays held and later releases skip it, also when the
 * cancellation and the release happen in the same iteration.  While only
 * cancelled waiters are queued, acquire() on the free lock succeeds at once. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_lock *lock;
    const char *name;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: acquiring", f->name);
    WA_AWAIT_TRY(co, wa_lock_acquire(co, f->lock), f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("%s: cancelled, locked=%s", f->name, yes(wa_lock_locked(f->lock)));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("%s: acquired", f->name);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_lock_release(f->lock);
    TRACE_NOW("%s: released", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_task *tasks[5];
    int k;
    wa_error *err;
} main_frame;

static const char *names[5] = {"a", "b", "c", "d", "e"};

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->lock = wa_lock_new(loop);
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    for (int i = 0; i < 4; i++)
        f->tasks[i] = WA_SPAWN(loop, waiter, waiter_frame, .lock = f->lock, .name = names[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: cancelling b");
    wa_task_cancel(f->tasks[1], NULL);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: cancelling a, then releasing");
    wa_task_cancel(f->tasks[0], NULL);
    wa_lock_release(f->lock);
    TRACE_NOW("main: released, locked=%s", yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("main: locked=%s, acquiring", yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    TRACE_NOW("main: acquired");
    f->tasks[4] = WA_SPAWN(loop, waiter, waiter_frame, .lock = f->lock, .name = names[4]);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->tasks[4], NULL);
    wa_lock_release(f->lock);
    TRACE_NOW("main: cancelled e and released, locked=%s", yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    TRACE_NOW("main: acquire -> %s at once, locked=%s", yes(co->value.as.b), yes(wa_lock_locked(f->lock)));
    for (f->k = 0; f->k < 5; f->k++) {
        WA_AWAIT_TRY(co, f->tasks[f->k], f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        TRACE_NOW("main: %s cancelled=%s", names[f->k], yes(wa_future_cancelled(wa_task_future(f->tasks[f->k]))));
    }
    wa_lock_release(f->lock);
    for (int i = 0; i < 5; i++) wa_task_unref(f->tasks[i]);
    wa_lock_free(f->lock);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
