/* An ordinary error raised in a timeout body passes through the scope
 * unchanged (same type and message, no cause): before the deadline the scope
 * is not expired and its timer never fires; raised while handling the
 * timeout's own cancellation it still replaces it, so no TimeoutError. */
#include "trace.h"

static int cancelling(void) { return wa_task_cancelling(wa_current_task(wa_get_running_loop())); }

static const char *cause_name(const wa_error *e) {
    return wa_error_cause(e) ? wa_error_type_of(wa_error_cause(e))->name : "NoneType";
}

typedef struct {
    wa_coro co;
} failing_frame;

static wa_status failing(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.25));
    WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "worker broke"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout *tm;
    wa_task *task;
    wa_error *err;
} body_frame;

static wa_status body1(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("body 1: raising ValueError");
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad value"));
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status body2(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err) {
            TRACE_NOW("body 2: timed out, raising ValueError instead");
            WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "gave up"));
        }
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status body3(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
        f->task = WA_SPAWN(wa_get_running_loop(), failing, failing_frame);
        WA_AWAIT_TRY(co, f->task, f->err);
        wa_task_unref(f->task);
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
    WA_AWAIT_CALL_TRY(co, f->err, body1, body_frame, .tm = &f->tm1);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("after 1: %s: %s, cause=%s, expired=%s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  cause_name(f->err), yes(wa_timeout_expired(&f->tm1)));
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("main: slept past the deadline, cancelling=%d", cancelling());

    WA_AWAIT_CALL_TRY(co, f->err, body2, body_frame, .tm = &f->tm2);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("after 2: %s: %s, cause=%s, expired=%s cancelling=%d", wa_error_type_of(f->err)->name,
                  wa_error_message(f->err), cause_name(f->err), yes(wa_timeout_expired(&f->tm2)), cancelling());

    WA_AWAIT_CALL_TRY(co, f->err, body3, body_frame, .tm = &f->tm3);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("after 3: %s: %s, expired=%s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  yes(wa_timeout_expired(&f->tm3)));
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("main: done, cancelling=%d", cancelling());
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
