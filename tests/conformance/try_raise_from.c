/* raise ... from: __cause__ is set and the context no longer shown
 * (__suppress_context__), though __context__ is still the handled error;
 * from None shows neither. */
#include "trace.h"

typedef struct {
    wa_coro co;
    bool from;
    wa_try t;
} frame;

static wa_status convert(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "raw"));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        if (f->from) WA_RAISE_FROM(co, wa_error_new(WA_RUNTIME_ERROR, "wrapped"), wa_error_ref(f->t.caught));
        WA_RAISE_FROM(co, wa_error_new(WA_RUNTIME_ERROR, "hidden"), NULL);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int i;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 2; f->i++) {
        WA_TRY(co, &f->t) {
            WA_AWAIT_CALL(co, convert, frame, .from = f->i == 0);
        }
        WA_EXCEPT(co, &f->t, WA_RUNTIME_ERROR) {
            wa_error *e = f->t.caught, *cause = wa_error_cause(e);
            TRACE_NOW("%s: %s, cause: %s(%s), context: %s, suppress: %s", f->i == 0 ? "from" : "none",
                      wa_error_message(e), cause ? wa_error_type_of(cause)->name : "None", wa_error_message(cause),
                      wa_error_type_of(wa_error_context(e))->name, yes(wa_error_suppress_context(e)));
        }
        WA_TRY_END(co, &f->t);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
