/* Semaphore(value) with a negative value raises ValueError("Semaphore
 * initial value must be >= 0"), for BoundedSemaphore too; 0 is accepted and
 * gives a semaphore that starts locked. */
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
} main_frame;

static wa_status main_step(wa_coro *co) {
    wa_loop *loop = wa_get_running_loop();
    wa_semaphore *sem;
    WA_BEGIN(co);
    sem = wa_semaphore_new(loop, -1);
    if (sem) TRACE_NOW("main: not reached");
    else TRACE_NOW("main: Semaphore(-1): ValueError: %s", last_message());
    wa_semaphore_free(sem);
    sem = wa_bounded_semaphore_new(loop, -3);
    if (sem) TRACE_NOW("main: not reached");
    else TRACE_NOW("main: BoundedSemaphore(-3): ValueError: %s", last_message());
    wa_semaphore_free(sem);
    sem = wa_semaphore_new(loop, 0);
    TRACE_NOW("main: Semaphore(0): value=%" PRId64 ", locked=%s", wa_semaphore_value(sem),
              yes(wa_semaphore_locked(sem)));
    wa_semaphore_free(sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
