/* timeout(delay) fixes its deadline when made, not when entered: made at 0
 * with delay 1 and entered at 2, it expires on the next iteration (a body
 * that only yields once still sees the cancellation); timeout_at made at 1
 * for 3 and entered at 2 expires at 3. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_timeout *tm;
    double sleep;
} body_frame;

static wa_status body(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_aenter(co, f->tm)) {
        TRACE_NOW(f->sleep == 0 ? "body: entered late, when=%.3f" : "body: entered, when=%.3f", wa_timeout_when(f->tm));
        WA_AWAIT(co, wa_sleep(co, f->sleep));
        TRACE_NOW("body: not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm, tm2;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_timeout_init(&f->tm, loop, 1);
    WA_AWAIT(co, wa_sleep(co, 2));
    WA_AWAIT_CALL_TRY(co, f->err, body, body_frame, .tm = &f->tm, .sleep = 0);
    if (wa_error_is(f->err, WA_TIMEOUT_ERROR)) TRACE_NOW("main: TimeoutError on the next iteration");
    wa_timeout_init_at(&f->tm2, wa_loop_time(loop) + 1);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_AWAIT_CALL_TRY(co, f->err, body, body_frame, .tm = &f->tm2, .sleep = 10);
    if (wa_error_is(f->err, WA_TIMEOUT_ERROR)) TRACE_NOW("main: TimeoutError, expired=%s", yes(wa_timeout_expired(&f->tm2)));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
