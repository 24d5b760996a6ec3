/* Barrier.reset() while parties wait: each gets BrokenBarrierError("Abort or
 * reset of barrier"), but the barrier is not broken; once they are out it
 * fills again from index 0, and the parties that retry at once pass with a
 * third one arriving later. */
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
    if (!f->err) TRACE_NOW("%s: not reached", f->name);
    if (f->err && !wa_error_is(f->err, WA_BROKEN_BARRIER_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("%s: %s: %s; retrying, n_waiting=%zu", f->name, wa_error_type_of(f->err)->name,
                  wa_error_message(f->err), wa_barrier_n_waiting(f->b));
    WA_AWAIT(co, wa_barrier_wait(co, f->b));
    TRACE_NOW("%s: passed with index %" PRId64, f->name, co->value.as.i);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_barrier *b;
    wa_task *tasks[2];
    int k;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *const names[2] = {"P0", "P1"};
    WA_BEGIN(co);
    f->b = wa_barrier_new(wa_get_running_loop(), 3);
    for (int i = 0; i < 2; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), party, party_frame, .b = f->b, .name = names[i],
                               .delay = i + 1);
    WA_AWAIT(co, wa_sleep(co, 3));
    TRACE_NOW("main: resetting, n_waiting=%zu", wa_barrier_n_waiting(f->b));
    WA_AWAIT(co, wa_barrier_reset(co, f->b));
    TRACE_NOW("main: reset, n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: waiting, n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    WA_AWAIT(co, wa_barrier_wait(co, f->b));
    TRACE_NOW("main: passed with index %" PRId64, co->value.as.i);
    for (f->k = 0; f->k < 2; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
    }
    TRACE_NOW("main: done, n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    for (int i = 0; i < 2; i++) wa_task_unref(f->tasks[i]);
    wa_barrier_free(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
