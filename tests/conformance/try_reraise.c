/* A bare raise in a handler re-raises the same exception object after the
 * handler's awaits; the caller catches that very object, whose context is
 * still empty (re-raising what is handled adds no context). */
#include "trace.h"

static wa_error *saved;

typedef struct {
    wa_coro co;
    wa_try t;
} frame;

static wa_status inner(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "inner"));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        saved = wa_error_ref(f->t.caught);
        TRACE_NOW("inner: handling %s", wa_error_message(f->t.caught));
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("inner: re-raising");
        WA_RERAISE(co, &f->t);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

static wa_status main_step(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT_CALL(co, inner, frame);
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        wa_error *e = f->t.caught;
        TRACE_NOW("main: caught %s: %s, same object: %s, context: %s", wa_error_type_of(e)->name,
                  wa_error_message(e), yes(e == saved), wa_error_context(e) ? "set" : "None");
    }
    WA_TRY_END(co, &f->t);
    wa_error_unref(saved);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, frame);
}
