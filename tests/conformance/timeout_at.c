/* asyncio.timeout_at takes an absolute deadline on the loop's clock: when()
 * is that time and the scope expires exactly then.  A body that ends first
 * is left alone.  A deadline already past when the scope is entered fires on
 * the next iteration, so even an `await asyncio.sleep(0)` gets TimeoutError. */
#include "trace.h"

static double now(void) { return wa_loop_time(wa_get_running_loop()); }

typedef struct {
    wa_coro co;
    wa_timeout *tm;
} body_frame;

static wa_status expires(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter_at(co, f->tm, now() + 1.5)) {
        TRACE_NOW("body 1: when=%.3f", wa_timeout_when(f->tm));
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("body 1: one second in");
        WA_AWAIT(co, wa_sleep(co, 5));
        TRACE_NOW("body 1: not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status already_past(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter_at(co, f->tm, now() - 5)) {
        TRACE_NOW("body 3: entered, when=%.3f expired=%s", wa_timeout_when(f->tm), yes(wa_timeout_expired(f->tm)));
        WA_YIELD(co);
        TRACE_NOW("body 3: not reached");
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
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_AWAIT_CALL_TRY(co, f->err, expires, body_frame, .tm = &f->tm1);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("after 1: %s, expired=%s", wa_error_type_of(f->err)->name, yes(wa_timeout_expired(&f->tm1)));

    WA_WITH(co, wa_timeout_enter_at(co, &f->tm2, now() + 1)) {
        WA_AWAIT(co, wa_sleep(co, 0.25));
        TRACE_NOW("body 2: done early");
    }
    WA_WITH_END(co);
    TRACE_NOW("after 2: expired=%s when=%.3f", yes(wa_timeout_expired(&f->tm2)), wa_timeout_when(&f->tm2));

    WA_AWAIT_CALL_TRY(co, f->err, already_past, body_frame, .tm = &f->tm3);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("after 3: %s, expired=%s", wa_error_type_of(f->err)->name, yes(wa_timeout_expired(&f->tm3)));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
