/* A Barrier is reusable: after a round passes it fills again from index 0.
 * A party that comes back for the next round while the previous one is
 * still draining (others not yet out of wait) is held until it has drained,
 * then counts as the first arrival of the new round (B comes back without
 * awaiting anything in between). */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_barrier *b;
    const char *name;
    double delays[2];
    int rnd;
} party_frame;

static wa_status party(wa_coro *co) {
    party_frame *f = (party_frame *)co;
    WA_BEGIN(co);
    for (f->rnd = 1; f->rnd <= 2; f->rnd++) {
        if (f->delays[f->rnd - 1] > 0) {
            WA_AWAIT(co, wa_sleep(co, f->delays[f->rnd - 1]));
        }
        TRACE_NOW("%s: round %d arriving, n_waiting=%zu", f->name, f->rnd, wa_barrier_n_waiting(f->b));
        WA_AWAIT(co, wa_barrier_wait(co, f->b));
        TRACE_NOW("%s: round %d passed with index %" PRId64, f->name, f->rnd, co->value.as.i);
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_barrier *b;
    wa_task *ta, *tb;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->b = wa_barrier_new(loop, 2);
    f->ta = WA_SPAWN(loop, party, party_frame, .b = f->b, .name = "A", .delays = {1, 1.5});
    f->tb = WA_SPAWN(loop, party, party_frame, .b = f->b, .name = "B", .delays = {2, 0});
    WA_AWAIT(co, wa_sleep(co, 2.5));
    TRACE_NOW("main: n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    WA_AWAIT(co, f->ta);
    WA_AWAIT(co, f->tb);
    TRACE_NOW("main: done, n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    wa_task_unref(f->ta);
    wa_task_unref(f->tb);
    wa_barrier_free(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
