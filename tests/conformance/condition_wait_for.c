/* wait_for(predicate) evaluates the predicate first, with the lock held,
 * and again each time the waiter is woken and has re-acquired the lock; it
 * returns once the predicate holds, waiting again while it is false.  Two
 * waiters on one condition each re-check their own predicate after
 * notify_all(), in FIFO order. */
#include "trace.h"

/* What a predicate looks at: the count lives in main's frame. */
typedef struct {
    const char *name;
    int need;
    const int *count;
} at_least;

static wa_value at_least_pred(void *arg) {
    const at_least *p = arg;
    bool ok = *p->count >= p->need;
    TRACE_NOW("%s: predicate count=%d >= %d -> %s", p->name, *p->count, p->need, yes(ok));
    return wa_bool(ok);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    at_least pred;
    wa_guard guard;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, at_least_pred, &f->pred));
        TRACE_NOW("%s: wait_for -> %s, locked=%s", f->pred.name, yes(co->value.as.b),
                  yes(wa_lock_locked(wa_condition_lock(f->cond))));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    int count;
    int i;
    wa_task *a, *b;
    at_least pred;
    wa_guard guard;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->cond = wa_condition_new(loop, NULL);
    f->a = WA_SPAWN(loop, waiter, waiter_frame, .cond = f->cond, .pred = {"a", 3, &f->count});
    f->b = WA_SPAWN(loop, waiter, waiter_frame, .cond = f->cond, .pred = {"b", 1, &f->count});
    for (f->i = 0; f->i < 4; f->i++) {
        WA_AWAIT(co, wa_sleep(co, 1));
        WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
            f->count++;
            TRACE_NOW("main: count=%d, notify_all", f->count);
            wa_condition_notify_all(f->cond);
        }
        WA_WITH_END(co);
    }
    WA_AWAIT(co, f->a);
    WA_AWAIT(co, f->b);
    f->pred = (at_least){"main", 4, &f->count};
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, at_least_pred, &f->pred));
        TRACE_NOW("main: wait_for -> %s", yes(co->value.as.b));
    }
    WA_WITH_END(co);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
