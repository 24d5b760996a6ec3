/* A BoundedSemaphore released by hand inside `async with` makes the exit's
 * own release fail: the ValueError("BoundedSemaphore released too many
 * times") comes out of the `async with` statement, and the value stays at
 * its bound. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_guard guard;
} body_frame;

static wa_status body(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->sem) {
        TRACE_NOW("main: inside, value=%" PRId64, wa_semaphore_value(f->sem));
        wa_semaphore_release(f->sem);
        TRACE_NOW("main: released by hand, value=%" PRId64, wa_semaphore_value(f->sem));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->sem = wa_bounded_semaphore_new(wa_get_running_loop(), 1);
    WA_AWAIT_CALL_TRY(co, f->err, body, body_frame, .sem = f->sem);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) {
        wa_semaphore_free(f->sem);
        WA_RAISE(co, wa_error_ref(f->err));
    }
    if (f->err)
        TRACE_NOW("main: async with raised %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: value=%" PRId64 ", locked=%s", wa_semaphore_value(f->sem), yes(wa_semaphore_locked(f->sem)));
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
