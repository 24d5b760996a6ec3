/* Nesting `async with lock` and `async with asyncio.timeout()`: a timeout
 * inside the lock expires, turns into TimeoutError at its own exit and the
 * lock is released on the way out (a waiter gets it); a timeout around the
 * lock expires while the acquire is still waiting, so the lock is never
 * taken and the holder keeps it. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_guard guard;
    wa_timeout tm;
} frame;

static wa_status waiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("waiter: acquiring, locked=%s", yes(wa_lock_locked(f->lock)));
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("waiter: acquired, holding 2");
        WA_AWAIT(co, wa_sleep(co, 2));
        TRACE_NOW("waiter: releasing");
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status timeout_inside(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("main: lock acquired, timeout 1 inside");
        WA_WITH(co, wa_timeout_enter(co, &f->tm, 1)) {
            WA_AWAIT(co, wa_sleep(co, 10));
        }
        WA_WITH_END(co);
        TRACE_NOW("main: not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status timeout_around(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm, 0.5)) {
        TRACE_NOW("main: timeout 0.5 around an acquire, locked=%s", yes(wa_lock_locked(f->lock)));
        WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
            TRACE_NOW("main: not reached");
        }
        WA_WITH_END(co);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_task *w;
    wa_error *err;
} main_frame;

static const char *cause_name(const wa_error *e) {
    wa_error *c = wa_error_cause(e);
    return c ? wa_error_type_of(c)->name : "NoneType";
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->lock = wa_lock_new(wa_get_running_loop());
    f->w = WA_SPAWN(wa_get_running_loop(), waiter, frame, .lock = f->lock);
    WA_AWAIT_CALL_TRY(co, f->err, timeout_inside, frame, .lock = f->lock);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: caught %s (cause %s), locked=%s", wa_error_type_of(f->err)->name, cause_name(f->err),
                  yes(wa_lock_locked(f->lock)));
    WA_YIELD(co);
    TRACE_NOW("main: after one iteration, locked=%s", yes(wa_lock_locked(f->lock)));
    WA_AWAIT_CALL_TRY(co, f->err, timeout_around, frame, .lock = f->lock);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: caught %s (cause %s), locked=%s", wa_error_type_of(f->err)->name, cause_name(f->err),
                  yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, f->w);
    TRACE_NOW("main: waiter done, locked=%s", yes(wa_lock_locked(f->lock)));
    wa_task_unref(f->w);
    wa_lock_free(f->lock);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
