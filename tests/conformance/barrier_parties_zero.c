/* Barrier(0) raises ValueError("parties must be > 0").  Barrier(1) is the
 * smallest: every wait() passes at once with index 0, round after round. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

/* wa_last_error() without its "function: " prefix. */
static const char *last_message(void) {
    const char *m = wa_last_error();
    const char *p = strstr(m, ": ");
    return p ? p + 2 : m;
}

typedef struct {
    wa_coro co;
    wa_barrier *b;
    int rnd;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_barrier *zero;
    WA_BEGIN(co);
    zero = wa_barrier_new(wa_get_running_loop(), 0);
    if (zero) TRACE_NOW("main: not reached");
    else TRACE_NOW("main: Barrier(0): ValueError: %s", last_message());
    wa_barrier_free(zero);
    f->b = wa_barrier_new(wa_get_running_loop(), 1);
    TRACE_NOW("main: Barrier(1): parties=%zu, n_waiting=%zu, broken=%s", wa_barrier_parties(f->b),
              wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)));
    for (f->rnd = 1; f->rnd <= 2; f->rnd++) {
        WA_AWAIT(co, wa_barrier_wait(co, f->b));
        TRACE_NOW("main: round %d passed with index %" PRId64 ", n_waiting=%zu", f->rnd, co->value.as.i,
                  wa_barrier_n_waiting(f->b));
    }
    wa_barrier_free(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
