/* Timeout.reschedule works only on an active scope: before entering, after
 * the deadline passed (expiring, then expired) and after leaving it raises
 * RuntimeError (wasyncio: WA_EINVALIDSTATE) naming the state.  Entering a
 * Timeout a second time, while active or after it finished, raises
 * RuntimeError and leaves the first use undisturbed. */
#include <string.h>

#include "trace.h"

static double now(void) { return wa_loop_time(wa_get_running_loop()); }

/* A message without the "function: " prefix wa_last_error() puts first. */
static const char *plain(const char *msg) {
    const char *p = strstr(msg, ": ");
    return p ? p + 2 : msg;
}

static void try_reschedule(const char *label, wa_timeout *tm, double when) {
    int rc = wa_timeout_reschedule(tm, when);
    if (rc == WA_OK)
        TRACE_NOW("%s: reschedule ok, when=%.3f", label, wa_timeout_when(tm));
    else
        TRACE_NOW("%s: reschedule raised %s: %s", label, rc == WA_EINVALIDSTATE ? "RuntimeError" : wa_err_name(rc),
                  plain(wa_last_error()));
}

typedef struct {
    wa_coro co;
    const char *label;
    wa_timeout *tm;
    wa_error *err;
} again_frame;

static wa_status enter_again_scope(wa_coro *co) {
    again_frame *f = (again_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_aenter(co, f->tm)) {
        TRACE_NOW("%s: not reached", f->label);
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status enter_again(wa_coro *co) {
    again_frame *f = (again_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, enter_again_scope, again_frame, .label = f->label, .tm = f->tm);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("%s: entering again raised %s: %s", f->label, wa_error_type_of(f->err)->name,
                  plain(wa_error_message(f->err)));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout *tm;
    wa_error *err;
} expiring_frame;

static wa_status expiring(wa_coro *co) {
    expiring_frame *f = (expiring_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 0.5)) {
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (wa_error_is(f->err, WA_CANCELLED_ERROR)) try_reschedule("expiring", f->tm, now() + 5);
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm1, tm2, tm3;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    try_reschedule("not entered", &f->tm1, 5);

    WA_WITH(co, wa_timeout_enter(co, &f->tm2, 1)) {
        WA_AWAIT_CALL(co, enter_again, again_frame, .label = "active", .tm = &f->tm2);
        try_reschedule("active", &f->tm2, now() + 2);
        WA_AWAIT(co, wa_sleep(co, 1.5));
        TRACE_NOW("active: still inside, expired=%s", yes(wa_timeout_expired(&f->tm2)));
    }
    WA_WITH_END(co);
    try_reschedule("finished", &f->tm2, now() + 2);
    WA_AWAIT_CALL(co, enter_again, again_frame, .label = "finished", .tm = &f->tm2);

    WA_AWAIT_CALL_TRY(co, f->err, expiring, expiring_frame, .tm = &f->tm3);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: %s as expected", wa_error_type_of(f->err)->name);
    try_reschedule("expired", &f->tm3, now() + 5);
    WA_AWAIT(co, wa_sleep(co, 10));
    TRACE_NOW("main: done, cancelling=%d", wa_task_cancelling(wa_current_task(wa_get_running_loop())));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
