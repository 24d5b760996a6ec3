/* Semaphore fairness (the 3.11.x fix): a newcomer whose acquire comes while
 * an earlier waiter has been woken but has not run yet does not jump the
 * queue, even though value is 1 at that moment: locked() is True, the
 * newcomer waits, and the woken waiter hands it the spare unit on entering. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    const char *name;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: acquiring, locked=%s", f->name, yes(wa_semaphore_locked(f->sem)));
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    TRACE_NOW("%s: acquired, value=%" PRId64, f->name, wa_semaphore_value(f->sem));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_task *a;
} main_frame;

#define STATE(what) \
    TRACE_NOW("main: " what ", value=%" PRId64 ", locked=%s", wa_semaphore_value(f->sem), \
              yes(wa_semaphore_locked(f->sem)))

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->sem = wa_semaphore_new(wa_get_running_loop(), 2);
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    STATE("holds both");
    f->a = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .sem = f->sem, .name = "A");
    WA_YIELD(co);
    wa_semaphore_release(f->sem);
    STATE("released one");
    wa_semaphore_release(f->sem);
    STATE("released two");
    TRACE_NOW("main: acquiring as a newcomer");
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    STATE("acquired");
    WA_AWAIT(co, f->a);
    wa_semaphore_release(f->sem);
    wa_semaphore_release(f->sem);
    STATE("released all");
    wa_task_unref(f->a);
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
