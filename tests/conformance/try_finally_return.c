/* return inside the try body and inside a handler: the finally block runs,
 * and may await, before the caller gets the value. */
#include "trace.h"

typedef struct {
    wa_coro co;
    bool fail;
    wa_try t;
} compute_frame;

static wa_status compute(wa_coro *co) {
    compute_frame *f = (compute_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 1));
        if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "no"));
        TRACE_NOW("compute: returning 1");
        WA_RETURN(co, wa_int(1));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("compute: handler returning 2");
        WA_RETURN(co, wa_int(2));
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("compute: finally");
        WA_AWAIT(co, wa_sleep(co, 0.25));
        TRACE_NOW("compute: finally done");
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, compute, compute_frame, .fail = false);
    TRACE_NOW("main: got %lld", (long long)co->value.as.i);
    WA_AWAIT_CALL(co, compute, compute_frame, .fail = true);
    TRACE_NOW("main: got %lld", (long long)co->value.as.i);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
