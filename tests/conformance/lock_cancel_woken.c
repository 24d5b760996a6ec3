/* A waiter cancelled in the same iteration in which release() woke it does
 * not take the lock: its acquire() raises CancelledError and hands the
 * wake-up on to the next waiter, which acquires the lock in that same
 * iteration, so the wake-up is not lost and the queue keeps its order. */
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
        TRACE_NOW("%s: acquire raised %s, locked=%s", f->name, wa_error_type_of(f->err)->name,
                  yes(wa_lock_locked(f->lock)));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("%s: acquire -> %s", f->name, yes(co->value.as.b));
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_lock_release(f->lock);
    TRACE_NOW("%s: released", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_task *tasks[3];
    int k;
    wa_error *err;
} main_frame;

static const char *names[3] = {"a", "b", "c"};

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    bool r;
    WA_BEGIN(co);
    f->lock = wa_lock_new(wa_get_running_loop());
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    for (int i = 0; i < 3; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .lock = f->lock, .name = names[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_lock_release(f->lock);
    r = wa_task_cancel(f->tasks[0], NULL);
    TRACE_NOW("main: released, cancel(a) -> %s, locked=%s", yes(r), yes(wa_lock_locked(f->lock)));
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT_TRY(co, f->tasks[f->k], f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: %s cancelled=%s", names[f->k], yes(wa_future_cancelled(wa_task_future(f->tasks[f->k]))));
        else
            TRACE_NOW("main: %s finished", names[f->k]);
    }
    TRACE_NOW("main: locked=%s", yes(wa_lock_locked(f->lock)));
    for (int i = 0; i < 3; i++) wa_task_unref(f->tasks[i]);
    wa_lock_free(f->lock);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
