/* Semaphore.locked() is True when an acquire would wait: value 0, or some
 * waiter queued that is not cancelled.  A waiter whose task was cancelled
 * (still queued until it runs) does not count: after a release, locked() is
 * False and a newcomer acquires at once; release does not wake the cancelled one. */
#include <inttypes.h>

#include "trace.h"

#define STATE(who, what, sem) \
    TRACE_NOW(who ": " what ", value=%" PRId64 ", locked=%s", wa_semaphore_value(sem), \
              yes(wa_semaphore_locked(sem)))

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("W: acquiring");
    WA_AWAIT_TRY(co, wa_semaphore_acquire(co, f->sem), f->err);
    if (!f->err) TRACE_NOW("W: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    STATE("W", "cancelled", f->sem);
    WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_task *w;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->sem = wa_semaphore_new(wa_get_running_loop(), 1);
    STATE("main", "new", f->sem);
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    STATE("main", "acquired", f->sem);
    f->w = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .sem = f->sem);
    WA_YIELD(co);
    STATE("main", "W queued", f->sem);
    wa_task_cancel(f->w, NULL);
    STATE("main", "W cancelled, not run yet", f->sem);
    wa_semaphore_release(f->sem);
    STATE("main", "released", f->sem);
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    STATE("main", "acquired at once", f->sem);
    WA_AWAIT_TRY(co, f->w, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: W done, cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->w))));
    wa_semaphore_release(f->sem);
    STATE("main", "released", f->sem);
    wa_task_unref(f->w);
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
