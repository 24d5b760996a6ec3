/* Timeout.reschedule moves an active deadline: later extends the scope past
 * the original deadline, earlier makes it fire sooner.  A new deadline that
 * is already past does not cancel at once: the timeout fires on the next
 * loop iteration (after callbacks queued before it), then TimeoutError. */
#include "trace.h"

static void say(wa_loop *loop, void *msg) { TRACE(loop, "%s", (const char *)msg); }

typedef struct {
    wa_coro co;
    wa_timeout *tm;
} body_frame;

static wa_status extend_then_shorten(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        conf_failed(wa_timeout_reschedule(f->tm, wa_timeout_when(f->tm) + 2), "reschedule");
        TRACE_NOW("extended: when=%.3f", wa_timeout_when(f->tm));
        WA_AWAIT(co, wa_sleep(co, 2));
        TRACE_NOW("still inside, past the first deadline");
        conf_failed(wa_timeout_reschedule(f->tm, wa_loop_time(wa_get_running_loop()) + 0.25), "reschedule");
        TRACE_NOW("shortened: when=%.3f", wa_timeout_when(f->tm));
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status into_the_past(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 5)) {
        WA_AWAIT(co, wa_sleep(co, 1));
        wa_call_soon(loop, say, "callback queued before the reschedule", NULL);
        conf_failed(wa_timeout_reschedule(f->tm, wa_loop_time(loop) - 1), "reschedule");
        wa_call_soon(loop, say, "callback queued after the reschedule", NULL);
        TRACE_NOW("rescheduled into the past: when=%.3f, expired=%s", wa_timeout_when(f->tm),
                  yes(wa_timeout_expired(f->tm)));
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm1, tm2;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, extend_then_shorten, body_frame, .tm = &f->tm1);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("scope 1 raised %s, when=%.3f", wa_error_type_of(f->err)->name, wa_timeout_when(&f->tm1));
    WA_AWAIT_CALL_TRY(co, f->err, into_the_past, body_frame, .tm = &f->tm2);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("scope 2 raised %s, expired=%s", wa_error_type_of(f->err)->name, yes(wa_timeout_expired(&f->tm2)));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
