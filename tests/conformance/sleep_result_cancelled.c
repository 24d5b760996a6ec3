/* A sleep with a result that is cancelled raises CancelledError, not the
 * result; a timeout around it turns that into TimeoutError, and a sleep that
 * ends first returns its result through the timeout. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} sleeper_frame;

static wa_status sleeper(wa_coro *co) {
    sleeper_frame *f = (sleeper_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep_result(co, 5, wa_str("never")), f->err);
    if (f->err && wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("sleeper: cancelled");
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("sleeper: got %s", co->value.as.buf.data);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    double limit, delay;
    const char *result;
    wa_timeout tm;
    char got[16];
} timed_frame;

/* async with timeout(limit): return await sleep(delay, result) */
static wa_status timed(wa_coro *co) {
    timed_frame *f = (timed_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm, f->limit)) {
        WA_AWAIT(co, wa_sleep_result(co, f->delay, wa_str(f->result)));
        snprintf(f->got, sizeof f->got, "%s", co->value.as.buf.data);
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_str(f->got));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), sleeper, sleeper_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->t, NULL);
    WA_AWAIT_TRY(co, f->t, f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("main: task cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->t))));
    wa_task_unref(f->t);
    WA_AWAIT_CALL_TRY(co, f->err, timed, timed_frame, .limit = 1, .delay = 2, .result = "late");
    if (wa_error_is(f->err, WA_TIMEOUT_ERROR)) TRACE_NOW("main: sleep(2, 'late') timed out");
    WA_AWAIT_CALL(co, timed, timed_frame, .limit = 2, .delay = 1, .result = "in time");
    TRACE_NOW("main: sleep(1, 'in time') -> %s", co->value.as.buf.data);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
