/* Lock.release() on an unlocked lock raises RuntimeError("Lock is not
 * acquired."), before any acquire and after a matching release alike.
 * acquire() on a free lock returns True at once, without letting other
 * tasks run, and the lock has no owner: another task may release it. */
#include "trace.h"

/* wa_lock_release's WA_EINVALIDSTATE is asyncio's RuntimeError. */
static void try_release(const char *who, wa_lock *lock) {
    int rc = wa_lock_release(lock);
    if (rc == WA_OK)
        TRACE_NOW("%s: release ok, locked=%s", who, yes(wa_lock_locked(lock)));
    else if (rc == WA_EINVALIDSTATE)
        TRACE_NOW("%s: release -> RuntimeError: Lock is not acquired.", who);
    else
        TRACE_NOW("%s: release -> unexpected %s", who, wa_err_name(rc));
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
} other_frame;

static wa_status other(wa_coro *co) {
    other_frame *f = (other_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("other: running, locked=%s", yes(wa_lock_locked(f->lock)));
    try_release("other", f->lock);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_task *t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->lock = wa_lock_new(wa_get_running_loop());
    try_release("main", f->lock);
    f->t = WA_SPAWN(wa_get_running_loop(), other, other_frame, .lock = f->lock);
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    TRACE_NOW("main: acquire -> %s, locked=%s", yes(co->value.as.b), yes(wa_lock_locked(f->lock)));
    try_release("main", f->lock);
    try_release("main", f->lock);
    WA_AWAIT(co, wa_lock_acquire(co, f->lock));
    TRACE_NOW("main: acquired again, locked=%s", yes(wa_lock_locked(f->lock)));
    WA_AWAIT(co, f->t);
    TRACE_NOW("main: after other, locked=%s", yes(wa_lock_locked(f->lock)));
    try_release("main", f->lock);
    wa_task_unref(f->t);
    wa_lock_free(f->lock);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
