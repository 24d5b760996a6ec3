/* Tasks blocked on a held Lock acquire it one at a time in the FIFO order
 * of their acquire() calls, not in the order they were created.  release()
 * leaves locked() False until the woken waiter runs, yet a task calling
 * acquire() in that gap queues behind the waiters instead of barging in. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_lock *lock;
    const char *name;
    double delay;
    wa_guard guard;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: acquiring, locked=%s", f->name, yes(wa_lock_locked(f->lock)));
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("%s: acquired", f->name);
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("%s: releasing", f->name);
    }
    WA_WITH_END(co);
    TRACE_NOW("%s: released, locked=%s", f->name, yes(wa_lock_locked(f->lock)));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_task *tasks[3];
    int k;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *names[3] = {"a", "b", "c"};
    static const double delays[3] = {0.3, 0.1, 0.2};
    WA_BEGIN(co);
    f->lock = wa_lock_new(wa_get_running_loop());
    TRACE_NOW("main: locked=%s", yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    TRACE_NOW("main: acquire -> %s, locked=%s", yes(co->value.as.b), yes(wa_lock_locked(f->lock)));
    for (int i = 0; i < 3; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), worker, worker_frame, .lock = f->lock, .name = names[i],
                               .delay = delays[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_lock_release(f->lock);
    TRACE_NOW("main: released, locked=%s, acquiring again", yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    TRACE_NOW("main: acquired again, locked=%s", yes(wa_lock_locked(f->lock)));
    wa_lock_release(f->lock);
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
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
