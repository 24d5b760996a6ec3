/* If the body catches the timeout's CancelledError and does not re-raise it,
 * the scope exits normally: no TimeoutError, code after the scope runs, yet
 * expired() is True.  The body may keep awaiting after swallowing it
 * (cancelling() is 1 there); leaving the scope uncancels back to 0. */
#include "trace.h"

static int cancelling(void) { return wa_task_cancelling(wa_current_task(wa_get_running_loop())); }

typedef struct {
    wa_coro co;
    wa_timeout tm, outer, inner;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm, 1)) {
        TRACE_NOW("body: sleeping 10");
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("body: swallowed %s, expired=%s cancelling=%d", wa_error_type_of(f->err)->name,
                      yes(wa_timeout_expired(&f->tm)), cancelling());
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("body: slept 0.5 more after swallowing");
    }
    WA_WITH_END(co);
    TRACE_NOW("after scope 1: no error, expired=%s cancelling=%d", yes(wa_timeout_expired(&f->tm)), cancelling());

    WA_WITH(co, wa_timeout_enter(co, &f->outer, 1)) {
        WA_WITH(co, wa_timeout_enter(co, &f->inner, 5)) {
            WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
            if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
            if (f->err) TRACE_NOW("inner body: swallowed the outer timeout's cancellation");
        }
        WA_WITH_END(co);
        TRACE_NOW("outer body: inner expired=%s, outer expired=%s", yes(wa_timeout_expired(&f->inner)),
                  yes(wa_timeout_expired(&f->outer)));
    }
    WA_WITH_END(co);
    TRACE_NOW("after scope 2: no error, outer expired=%s cancelling=%d", yes(wa_timeout_expired(&f->outer)),
              cancelling());
    WA_AWAIT(co, wa_sleep(co, 10));
    TRACE_NOW("main: nothing else fires");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
