/* A retry loop: the try sits in a for loop; a failed attempt backs off in
 * the handler, a good one leaves the loop from else, and finally runs on
 * every round, the last one included.  (A C loop leaves after WA_TRY_END:
 * no break inside the statement.) */
#include "trace.h"

typedef struct {
    wa_coro co;
    int n;
} flaky_frame;

static wa_status flaky(wa_coro *co) {
    flaky_frame *f = (flaky_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    if (f->n < 2) WA_RAISE(co, wa_error_new(WA_OS_ERROR, "attempt %d failed", f->n));
    WA_RETURN(co, wa_int(f->n * 10));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int n;
    int64_t r;
    bool done;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->n = 0; f->n < 5 && !f->done; f->n++) {
        WA_TRY(co, &f->t) {
            WA_AWAIT_CALL(co, flaky, flaky_frame, .n = f->n);
            f->r = co->value.as.i;
        }
        WA_EXCEPT(co, &f->t, WA_OS_ERROR) {
            TRACE_NOW("attempt %d: %s, retrying", f->n, wa_error_message(f->t.caught));
            WA_AWAIT(co, wa_sleep(co, 0.5));
        }
        WA_ELSE(co, &f->t) {
            TRACE_NOW("attempt %d: got %lld", f->n, (long long)f->r);
            f->done = true;
        }
        WA_FINALLY(co, &f->t) {
            TRACE_NOW("attempt %d: finally", f->n);
        }
        WA_TRY_END(co, &f->t);
    }
    TRACE_NOW("done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
