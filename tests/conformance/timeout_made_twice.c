/* A made timeout can be entered once: a second `async with` of the same
 * object, after it finished in time, raises RuntimeError and leaves it as
 * it was (finished, not expired, same deadline). */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_timeout *tm;
} again_frame;

static wa_status again(wa_coro *co) {
    again_frame *f = (again_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_aenter(co, f->tm)) {
        TRACE_NOW("body: not reached");
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
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_timeout_init(&f->tm, loop, 5);
    WA_WITH(co, wa_timeout_aenter(co, &f->tm)) {
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("body: in time, when=%.3f", wa_timeout_when(&f->tm));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: left, expired=%s", yes(wa_timeout_expired(&f->tm)));
    WA_AWAIT_CALL_TRY(co, f->err, again, again_frame, .tm = &f->tm);
    if (wa_error_is(f->err, WA_RUNTIME_ERROR))
        TRACE_NOW("main: entering again: RuntimeError: %s", wa_error_message(f->err));
    if (wa_timeout_reschedule(&f->tm, wa_loop_time(loop) + 1) == WA_EINVALIDSTATE)
        TRACE_NOW("main: reschedule: RuntimeError: %s", last_error_words());
    TRACE_NOW("main: when=%.3f expired=%s", wa_timeout_when(&f->tm), yes(wa_timeout_expired(&f->tm)));
    WA_AWAIT(co, wa_sleep(co, 10));
    TRACE_NOW("main: no late cancellation");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
