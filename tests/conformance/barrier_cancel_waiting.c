/* A party cancelled while waiting at a Barrier leaves it with
 * CancelledError; the barrier is not broken, it just counts one party
 * fewer (n_waiting drops), so the round needs another arrival to pass.  An
 * index is the count inside at arrival, so P2 gets the same 1 as P1. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_barrier *b;
    const char *name;
    double delay;
    wa_error *err;
} party_frame;

static wa_status party(wa_coro *co) {
    party_frame *f = (party_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: waiting, n_waiting=%zu", f->name, wa_barrier_n_waiting(f->b));
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
    wa_task *p0, *p1, *p2;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->b = wa_barrier_new(loop, 3);
    f->p0 = WA_SPAWN(loop, party, party_frame, .b = f->b, .name = "P0", .delay = 1);
    f->p1 = WA_SPAWN(loop, party, party_frame, .b = f->b, .name = "P1", .delay = 2);
    f->p2 = WA_SPAWN(loop, party, party_frame, .b = f->b, .name = "P2", .delay = 3);
    WA_AWAIT(co, wa_sleep(co, 2.5));
    TRACE_NOW("main: cancelling P0, n_waiting=%zu", wa_barrier_n_waiting(f->b));
    wa_task_cancel(f->p0, NULL);
    WA_AWAIT_TRY(co, f->p0, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: P0 cancelled=%s, n_waiting=%zu, broken=%s",
                  yes(wa_future_cancelled(wa_task_future(f->p0))), wa_barrier_n_waiting(f->b),
                  yes(wa_barrier_broken(f->b)));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: waiting, n_waiting=%zu", wa_barrier_n_waiting(f->b));
    WA_AWAIT(co, wa_barrier_wait(co, f->b));
    TRACE_NOW("main: passed with index %" PRId64, co->value.as.i);
    WA_AWAIT(co, f->p1);
    WA_AWAIT(co, f->p2);
    TRACE_NOW("main: done, n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    wa_task_unref(f->p0);
    wa_task_unref(f->p1);
    wa_task_unref(f->p2);
    wa_barrier_free(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
