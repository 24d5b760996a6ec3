/* An exception raised in a finally block replaces the one in flight, which
 * becomes its __context__; the finally block awaited first. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_try t;
} frame;

static wa_status job(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 1));
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "in body"));
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("job: finally");
        WA_AWAIT(co, wa_sleep(co, 1));
        WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "in finally"));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

static wa_status main_step(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT_CALL(co, job, frame);
    }
    WA_EXCEPT(co, &f->t, WA_EXCEPTION) {
        wa_error *e = f->t.caught, *c = wa_error_context(e);
        TRACE_NOW("main: %s: %s; context: %s: %s", wa_error_type_of(e)->name, wa_error_message(e),
                  wa_error_type_of(c)->name, wa_error_message(c));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, frame);
}
