/* A timeout made before it is entered: timeout(None) has no deadline and
 * refuses reschedule until entered; inside, reschedule(loop.time() + 1) arms
 * it and the body's long sleep ends in TimeoutError at that time. */
#include "trace.h"

static double now(void) { return wa_loop_time(wa_get_running_loop()); }

typedef struct {
    wa_coro co;
    wa_timeout *tm;
} body_frame;

static wa_status body(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_aenter(co, f->tm)) {
        TRACE_NOW("body: entered, when=%s", wa_timeout_when(f->tm) == WA_NO_TIMEOUT ? "None" : "?");
        wa_timeout_reschedule(f->tm, now() + 1);
        TRACE_NOW("body: rescheduled, when=%.3f", wa_timeout_when(f->tm));
        WA_AWAIT(co, wa_sleep(co, 5));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    wa_timeout_init(&f->tm, wa_get_running_loop(), WA_NO_TIMEOUT);
    TRACE_NOW("main: made, when=%s expired=%s", wa_timeout_when(&f->tm) == WA_NO_TIMEOUT ? "None" : "?",
              yes(wa_timeout_expired(&f->tm)));
    if (wa_timeout_reschedule(&f->tm, now() + 1) == WA_EINVALIDSTATE)
        TRACE_NOW("main: reschedule before entering: RuntimeError: %s", last_error_words());
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_AWAIT_CALL_TRY(co, f->err, body, body_frame, .tm = &f->tm);
    if (wa_error_is(f->err, WA_TIMEOUT_ERROR))
        TRACE_NOW("main: TimeoutError, expired=%s when=%.3f", yes(wa_timeout_expired(&f->tm)), wa_timeout_when(&f->tm));
    if (wa_timeout_reschedule(&f->tm, WA_NO_TIMEOUT) == WA_EINVALIDSTATE)
        TRACE_NOW("main: reschedule after: RuntimeError: %s", last_error_words());
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
