/* Condition.wait() without the lock raises RuntimeError("cannot wait on
 * un-acquired lock"), and notify()/notify_all() without it RuntimeError
 * ("cannot notify on un-acquired lock").  wait_for() checks its predicate
 * first, so a true predicate returns without the lock; with the lock held,
 * notifying nobody is fine.  locked() follows the condition's own lock. */
#include "trace.h"

/* notify's WA_EINVALIDSTATE is asyncio's RuntimeError. */
static void check(const char *what, int rc) {
    if (rc == WA_OK)
        TRACE_NOW("%s: ok", what);
    else if (rc == WA_EINVALIDSTATE)
        TRACE_NOW("%s: RuntimeError: cannot notify on un-acquired lock", what);
    else
        TRACE_NOW("%s: unexpected %s", what, wa_err_name(rc));
}

static wa_value pred(void *arg) {
    bool value = *(const bool *)arg;
    TRACE_NOW("predicate -> %s", yes(value));
    return wa_bool(value);
}

static bool true_value = true, false_value = false;

typedef struct {
    wa_coro co;
    wa_condition *cond;
    wa_guard guard;
    wa_error *err;
} main_frame;

static bool locked(wa_condition *c) { return wa_lock_locked(wa_condition_lock(c)); }

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    TRACE_NOW("locked=%s", yes(locked(f->cond)));
    WA_AWAIT_TRY(co, wa_condition_wait(co, f->cond), f->err);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("wait: %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT(co, wa_condition_wait_for(co, f->cond, pred, &true_value));
    TRACE_NOW("wait_for(true) -> %s", yes(co->value.as.b));
    WA_AWAIT_TRY(co, wa_condition_wait_for(co, f->cond, pred, &false_value), f->err);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("wait_for(false): %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    check("notify(1)", wa_condition_notify(f->cond, 1));
    check("notify_all", wa_condition_notify_all(f->cond));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        TRACE_NOW("inside: locked=%s", yes(locked(f->cond)));
        check("notify(1)", wa_condition_notify(f->cond, 1));
        check("notify_all", wa_condition_notify_all(f->cond));
    }
    WA_WITH_END(co);
    TRACE_NOW("after: locked=%s", yes(locked(f->cond)));
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
