/* A return from inside a timeout scope returns its value and still runs the
 * scope's exit: the timer is cancelled (sleeping past the old deadline is
 * not interrupted) and a return after catching the timeout's cancellation
 * passes through as a value, with cancelling() back to 0 and no TimeoutError. */
#include <inttypes.h>

#include "trace.h"

static int cancelling(void) { return wa_task_cancelling(wa_current_task(wa_get_running_loop())); }

typedef struct {
    wa_coro co;
    wa_timeout *outer, *tm;
    wa_error *err;
} fetch_frame;

static wa_status fetch(wa_coro *co) {
    fetch_frame *f = (fetch_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("fetch: returning 42 from inside the scope");
        WA_RETURN(co, wa_int(42));
    }
    WA_WITH_END(co);
    TRACE_NOW("fetch: not reached");
    WA_END(co);
}

static wa_status fetch_or_fallback(wa_coro *co) {
    fetch_frame *f = (fetch_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->outer, 5)) {
        WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
            WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
            if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
            if (f->err) {
                TRACE_NOW("fallback: timed out, returning 'cached' from two scopes deep");
                WA_RETURN(co, wa_str("cached"));
            }
        }
        WA_WITH_END(co);
    }
    WA_WITH_END(co);
    TRACE_NOW("fallback: not reached");
    WA_END(co);
}

static wa_status quick(wa_coro *co) {
    fetch_frame *f = (fetch_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 0)) {
        TRACE_NOW("quick: returning 'now' before the queued timeout runs");
        WA_RETURN(co, wa_str("now"));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm, outer, inner, tm0;
    char got[16];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, fetch, fetch_frame, .tm = &f->tm);
    TRACE_NOW("main: got %" PRId64 ", expired=%s", co->value.as.i, yes(wa_timeout_expired(&f->tm)));
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("main: slept past the deadline, cancelling=%d", cancelling());

    WA_AWAIT_CALL(co, fetch_or_fallback, fetch_frame, .outer = &f->outer, .tm = &f->inner);
    TRACE_NOW("main: got %s, outer expired=%s inner expired=%s cancelling=%d", co->value.as.buf.data,
              yes(wa_timeout_expired(&f->outer)), yes(wa_timeout_expired(&f->inner)), cancelling());
    WA_AWAIT(co, wa_sleep(co, 10));
    TRACE_NOW("main: slept past the outer deadline");

    WA_AWAIT_CALL(co, quick, fetch_frame, .tm = &f->tm0);
    snprintf(f->got, sizeof f->got, "%s", co->value.as.buf.data);
    WA_YIELD(co);
    WA_YIELD(co);
    TRACE_NOW("main: got %s, expired=%s cancelling=%d", f->got, yes(wa_timeout_expired(&f->tm0)), cancelling());
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
