/* `async with lock:` releases the lock on every way out of its body: when
 * the body raises, the error reaches the caller with locked() already
 * False and the next waiter then acquires the lock; when the body returns,
 * the value comes back and the lock is free again. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_guard guard;
} frame;

static wa_status failing(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("failing: acquiring");
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("failing: inside, sleeping 0.5");
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("failing: raising ValueError");
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "boom"));
    }
    WA_WITH_END(co);
    TRACE_NOW("failing: not reached");
    WA_END(co);
}

static wa_status returning(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("returning: inside, locked=%s", yes(wa_lock_locked(f->lock)));
        WA_RETURN(co, wa_int(42));
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status waiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("waiter: acquiring, locked=%s", yes(wa_lock_locked(f->lock)));
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("waiter: inside");
        WA_AWAIT(co, wa_sleep(co, 0.2));
    }
    WA_WITH_END(co);
    TRACE_NOW("waiter: done, locked=%s", yes(wa_lock_locked(f->lock)));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_task *w;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->lock = wa_lock_new(wa_get_running_loop());
    f->w = WA_SPAWN(wa_get_running_loop(), waiter, frame, .lock = f->lock);
    WA_AWAIT_CALL_TRY(co, f->err, failing, frame, .lock = f->lock);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main caught %s: %s, locked=%s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, f->w);
    WA_AWAIT_CALL(co, returning, frame, .lock = f->lock);
    TRACE_NOW("main: returning -> %" PRId64 ", locked=%s", co->value.as.i, yes(wa_lock_locked(f->lock)));
    wa_task_unref(f->w);
    wa_lock_free(f->lock);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
