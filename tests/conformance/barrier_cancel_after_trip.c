/* A party cancelled after the barrier tripped (the last arrival released
 * it) but before it ran ends with CancelledError rather than its index;
 * the round still counts as passed for the others, and once it is out the
 * barrier is filling again, neither broken nor stuck. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_barrier *b;
    const char *name;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: waiting", f->name);
    WA_AWAIT_TRY(co, wa_barrier_wait(co, f->b), f->err);
    if (f->err && wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("%s: cancelled, n_waiting=%zu, broken=%s", f->name, wa_barrier_n_waiting(f->b),
                  yes(wa_barrier_broken(f->b)));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("%s: passed with index %" PRId64, f->name, co->value.as.i);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_barrier *b;
    wa_task *p0, *p1;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->b = wa_barrier_new(wa_get_running_loop(), 2);
    f->p0 = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .b = f->b, .name = "P0");
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_AWAIT(co, wa_barrier_wait(co, f->b));
    TRACE_NOW("main: passed with index %" PRId64 "; cancel P0 -> %s", co->value.as.i,
              yes(wa_task_cancel(f->p0, NULL)));
    WA_AWAIT_TRY(co, f->p0, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: P0 cancelled=%s, n_waiting=%zu, broken=%s",
                  yes(wa_future_cancelled(wa_task_future(f->p0))), wa_barrier_n_waiting(f->b),
                  yes(wa_barrier_broken(f->b)));
    f->p1 = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .b = f->b, .name = "P1");
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_AWAIT(co, wa_barrier_wait(co, f->b));
    TRACE_NOW("main: round 2 passed with index %" PRId64, co->value.as.i);
    WA_AWAIT(co, f->p1);
    wa_task_unref(f->p0);
    wa_task_unref(f->p1);
    wa_barrier_free(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
