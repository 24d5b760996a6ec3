/* else runs only when the body raised nothing; an exception raised in else
 * is not handled by the except clauses of the same try, but the finally
 * block still runs before it goes on. */
#include "trace.h"

typedef struct {
    wa_coro co;
    int n;
    wa_try t;
} frame;

static wa_status attempt(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 0.1));
        if (f->n == 1) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "body"));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("%d: except %s", f->n, wa_error_message(f->t.caught));
    }
    WA_ELSE(co, &f->t) {
        TRACE_NOW("%d: else", f->n);
        WA_AWAIT(co, wa_sleep(co, 0.1));
        if (f->n == 2) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "else"));
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("%d: finally", f->n);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

static wa_status main_step(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    for (f->n = 0; f->n < 3; f->n++) {
        WA_TRY(co, &f->t) {
            WA_AWAIT_CALL(co, attempt, frame, .n = f->n);
        }
        WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
            TRACE_NOW("main: %s escaped", wa_error_message(f->t.caught));
        }
        WA_TRY_END(co, &f->t);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, frame);
}
