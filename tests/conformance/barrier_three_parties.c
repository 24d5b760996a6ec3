/* Barrier(3): wait() blocks until the third party arrives, then all three
 * wake at that same moment; each gets its arrival index (0, 1, 2).
 * n_waiting counts the parties inside while the barrier fills, and reads 0
 * while it drains and once it is empty again. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_barrier *b;
    const char *name;
    double delay;
} party_frame;

static wa_status party(wa_coro *co) {
    party_frame *f = (party_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: arriving, n_waiting=%zu", f->name, wa_barrier_n_waiting(f->b));
    WA_AWAIT(co, wa_barrier_wait(co, f->b));
    TRACE_NOW("%s: passed with index %" PRId64 ", n_waiting=%zu", f->name, co->value.as.i,
              wa_barrier_n_waiting(f->b));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_barrier *b;
    wa_task *tasks[3];
    int k;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *const names[3] = {"P0", "P1", "P2"};
    WA_BEGIN(co);
    f->b = wa_barrier_new(wa_get_running_loop(), 3);
    TRACE_NOW("main: parties=%zu, n_waiting=%zu, broken=%s", wa_barrier_parties(f->b),
              wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    for (int i = 0; i < 3; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), party, party_frame, .b = f->b, .name = names[i],
                               .delay = i + 1);
    WA_AWAIT(co, wa_sleep(co, 2.5));
    TRACE_NOW("main: n_waiting=%zu", wa_barrier_n_waiting(f->b));
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
    }
    TRACE_NOW("main: all passed, n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b),
              yes(wa_barrier_broken(f->b)));
    for (int i = 0; i < 3; i++) wa_task_unref(f->tasks[i]);
    wa_barrier_free(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
