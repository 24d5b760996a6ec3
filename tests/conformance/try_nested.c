/* try statements nest: an async with timeout and a try inside a handler
 * (the inner error's context is the outer handled one), a try inside the
 * finally block (nothing handled there: no context). */
#include "trace.h"

static const char *message_or_none(const wa_error *e) { return e ? wa_error_message(e) : "None"; }

typedef struct {
    wa_coro co;
    wa_try outer, inner;
    wa_timeout tm;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->outer) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "outer"));
    }
    WA_EXCEPT(co, &f->outer, WA_VALUE_ERROR) {
        TRACE_NOW("handler: %s", wa_error_message(f->outer.caught));
        WA_TRY(co, &f->inner) {
            WA_WITH(co, wa_timeout_enter(co, &f->tm, 0.5)) {
                WA_AWAIT(co, wa_sleep(co, 1));
            }
            WA_WITH_END(co);
        }
        WA_EXCEPT(co, &f->inner, WA_TIMEOUT_ERROR) {
            TRACE_NOW("handler: inner timeout caught");
        }
        WA_TRY_END(co, &f->inner);
        WA_TRY(co, &f->inner) {
            WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "inner"));
        }
        WA_EXCEPT(co, &f->inner, WA_RUNTIME_ERROR) {
            TRACE_NOW("handler: inner %s, context %s", wa_error_message(f->inner.caught),
                      message_or_none(wa_error_context(f->inner.caught)));
        }
        WA_TRY_END(co, &f->inner);
        TRACE_NOW("handler: still handling %s", wa_error_message(f->outer.caught));
    }
    WA_FINALLY(co, &f->outer) {
        WA_TRY(co, &f->inner) {
            WA_AWAIT(co, wa_sleep(co, 0.25));
            WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "in finally"));
        }
        WA_EXCEPT(co, &f->inner, WA_TYPE_ERROR) {
            TRACE_NOW("finally: caught %s, context %s", wa_error_message(f->inner.caught),
                      message_or_none(wa_error_context(f->inner.caught)));
        }
        WA_TRY_END(co, &f->inner);
        TRACE_NOW("finally: done");
    }
    WA_TRY_END(co, &f->outer);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
