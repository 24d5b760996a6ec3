/* Nested timeouts where the INNER deadline passes first: the inner scope
 * raises TimeoutError, the outer body catches it and goes on, the outer scope
 * stays active (not expired) and its own deadline still fires later as a
 * TimeoutError of its own. */
#include "trace.h"

static int cancelling(void) { return wa_task_cancelling(wa_current_task(wa_get_running_loop())); }

typedef struct {
    wa_coro co;
    wa_timeout *tm;
} inner_frame;

static wa_status inner_a(wa_coro *co) {
    inner_frame *f = (inner_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {
        TRACE_NOW("outer body: inner A, sleeping 10");
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("inner A: not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout *outer, *a, *b;
    wa_error *err;
} outer_frame;

static wa_status outer_scope(wa_coro *co) {
    outer_frame *f = (outer_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, f->outer, 5)) {
        WA_AWAIT_CALL_TRY(co, f->err, inner_a, inner_frame, .tm = f->a);
        if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("outer body: inner A raised %s, cancelling=%d", wa_error_type_of(f->err)->name, cancelling());
        TRACE_NOW("outer body: A expired=%s, outer expired=%s", yes(wa_timeout_expired(f->a)),
                  yes(wa_timeout_expired(f->outer)));
        WA_WITH(co, wa_timeout_enter(co, f->b, 1.5)) {
            TRACE_NOW("outer body: inner B, sleeping 0.5");
            WA_AWAIT(co, wa_sleep(co, 0.5));
        }
        WA_WITH_END(co);
        TRACE_NOW("outer body: B done, expired=%s", yes(wa_timeout_expired(f->b)));
        TRACE_NOW("outer body: sleeping 10");
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("outer body: not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout outer, a, b;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, outer_scope, outer_frame, .outer = &f->outer, .a = &f->a, .b = &f->b);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: outer raised %s, cause %s", wa_error_type_of(f->err)->name,
                  wa_error_type_of(wa_error_cause(f->err))->name);
    TRACE_NOW("main: outer expired=%s when=%.3f, cancelling=%d", yes(wa_timeout_expired(&f->outer)),
              wa_timeout_when(&f->outer), cancelling());
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
