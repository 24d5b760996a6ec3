/* BoundedSemaphore.release() above the initial value raises ValueError
 * ("BoundedSemaphore released too many times") and leaves the value as it
 * was; releases that balance acquires (also through `async with`) are fine.
 * A plain Semaphore accepts the extra release and its value grows. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

/* wa_last_error() without its "function: " prefix. */
static const char *last_message(void) {
    const char *m = wa_last_error();
    const char *p = strstr(m, ": ");
    return p ? p + 2 : m;
}

/* Python's release(), with WA_EINVAL mapped to its ValueError. */
static void release_checked(wa_semaphore *sem, const char *what) {
    int rc = wa_semaphore_release(sem);
    if (rc == WA_OK) TRACE_NOW("main: not reached");
    else if (rc == WA_EINVAL) TRACE_NOW("main: %s: ValueError: %s", what, last_message());
    else TRACE_NOW("main: %s: unexpected %s", what, wa_err_name(rc));
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_guard guard;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_semaphore *plain;
    WA_BEGIN(co);
    f->sem = wa_bounded_semaphore_new(wa_get_running_loop(), 2);
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    TRACE_NOW("main: acquired twice, value=%" PRId64 ", locked=%s", wa_semaphore_value(f->sem),
              yes(wa_semaphore_locked(f->sem)));
    wa_semaphore_release(f->sem);
    wa_semaphore_release(f->sem);
    TRACE_NOW("main: released twice, value=%" PRId64 ", locked=%s", wa_semaphore_value(f->sem),
              yes(wa_semaphore_locked(f->sem)));
    release_checked(f->sem, "third release");
    TRACE_NOW("main: value=%" PRId64, wa_semaphore_value(f->sem));
    WA_WITH_ACQUIRED(co, &f->guard, f->sem) {
        TRACE_NOW("main: inside async with, value=%" PRId64, wa_semaphore_value(f->sem));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: after async with, value=%" PRId64, wa_semaphore_value(f->sem));
    release_checked(f->sem, "extra release");
    plain = wa_semaphore_new(wa_get_running_loop(), 2);
    wa_semaphore_release(plain);
    TRACE_NOW("main: plain Semaphore(2) released once more, value=%" PRId64, wa_semaphore_value(plain));
    wa_semaphore_free(plain);
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
