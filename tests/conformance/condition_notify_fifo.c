/* notify(n) wakes the n longest-waiting tasks in FIFO order and
 * notify_all() the rest; a woken task re-acquires the lock before wait()
 * returns True, so the woken tasks run one at a time, in order, once the
 * notifier has released the lock.  notify(n) beyond the waiters is fine. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_condition *cond;
    const char *name;
    double delay;
    wa_guard guard;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        TRACE_NOW("%s: waiting", f->name);
        WA_AWAIT(co, wa_condition_wait(co, f->cond));
        TRACE_NOW("%s: wait -> %s, locked=%s", f->name, yes(co->value.as.b),
                  yes(wa_lock_locked(wa_condition_lock(f->cond))));
        WA_AWAIT(co, wa_sleep(co, 0.1));
        TRACE_NOW("%s: releasing", f->name);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    wa_task *tasks[5];
    int k;
    wa_guard guard;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *names[5] = {"a", "b", "c", "d", "e"};
    static const double delays[5] = {0.5, 0.1, 0.3, 0.2, 0.4};
    static const char *hows[4] = {"notify(1)", "notify(2)", "notify_all", "notify(3)"};
    static const int ns[4] = {1, 2, -1, 3};
    WA_BEGIN(co);
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    for (int i = 0; i < 5; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .cond = f->cond, .name = names[i],
                               .delay = delays[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    for (f->k = 0; f->k < 4; f->k++) {
        WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
            if (ns[f->k] < 0)
                wa_condition_notify_all(f->cond);
            else
                wa_condition_notify(f->cond, (size_t)ns[f->k]);
            TRACE_NOW("main: %s, still holding the lock", hows[f->k]);
            WA_AWAIT(co, wa_sleep(co, 0.2));
            TRACE_NOW("main: releasing");
        }
        WA_WITH_END(co);
        WA_AWAIT(co, wa_sleep(co, 1));
    }
    for (f->k = 0; f->k < 5; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
    }
    for (int i = 0; i < 5; i++) wa_task_unref(f->tasks[i]);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
