/* A semaphore waiter cancelled after release() woke it, but before it ran,
 * does not keep the unit: acquire gives it back and wakes the next waiter
 * before raising CancelledError, so B gets in and nothing is lost. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    const char *name;
    wa_guard guard;
    wa_error *err;
} waiter_frame;

static wa_status body(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->sem) {
        TRACE_NOW("%s: inside, value=%" PRId64, f->name, wa_semaphore_value(f->sem));
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("%s: leaving", f->name);
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: acquiring", f->name);
    WA_AWAIT_CALL_TRY(co, f->err, body, waiter_frame, .sem = f->sem, .name = f->name);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("%s: cancelled, value=%" PRId64 ", locked=%s", f->name, wa_semaphore_value(f->sem),
                  yes(wa_semaphore_locked(f->sem)));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_task *a, *b;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->sem = wa_semaphore_new(loop, 1);
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    f->a = WA_SPAWN(loop, waiter, waiter_frame, .sem = f->sem, .name = "A");
    f->b = WA_SPAWN(loop, waiter, waiter_frame, .sem = f->sem, .name = "B");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_semaphore_release(f->sem);
    TRACE_NOW("main: released, value=%" PRId64 ", locked=%s", wa_semaphore_value(f->sem),
              yes(wa_semaphore_locked(f->sem)));
    TRACE_NOW("main: cancel A -> %s", yes(wa_task_cancel(f->a, NULL)));
    WA_AWAIT_TRY(co, f->a, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: A cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->a))));
    WA_AWAIT(co, f->b);
    TRACE_NOW("main: B done, value=%" PRId64 ", locked=%s", wa_semaphore_value(f->sem),
              yes(wa_semaphore_locked(f->sem)));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
