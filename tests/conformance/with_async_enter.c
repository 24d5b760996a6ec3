/* An async context manager whose __aenter__ and __aexit__ are coroutines
 * that await: the body waits for __aenter__ and gets its result with `as`;
 * __aexit__ runs on a normal end and on an error, may swallow the error by
 * returning True; an error in __aenter__ skips the body and __aexit__. */
#include "trace.h"

typedef struct {
    const char *name;
    bool fail_enter, swallow;
} conn;

static wa_status conn_aenter(wa_coro *co) {
    wa_acm_frame *f = (wa_acm_frame *)co;
    conn *c = f->arg;
    char session[64];
    WA_BEGIN(co);
    TRACE_NOW("%s: connecting", c->name);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    if (c->fail_enter) WA_RAISE(co, wa_error_new(WA_OS_ERROR, "refused"));
    TRACE_NOW("%s: connected", c->name);
    snprintf(session, sizeof session, "%s-session", c->name);
    WA_RETURN(co, wa_str(session));     /* copied */
    WA_END(co);
}

static wa_status conn_aexit(wa_coro *co) {
    wa_acm_frame *f = (wa_acm_frame *)co;
    conn *c = f->arg;
    WA_BEGIN(co);
    if (f->exc)
        TRACE_NOW("%s: closing, exc=%s('%s')", c->name, wa_error_type_of(f->exc)->name, wa_error_message(f->exc));
    else
        TRACE_NOW("%s: closing, exc=None", c->name);
    WA_AWAIT(co, wa_sleep(co, 0.25));
    TRACE_NOW("%s: closed", c->name);
    WA_RETURN(co, wa_bool(c->swallow));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    conn a, b, c, d;
    wa_acm cm;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_acm_enter(co, &f->cm, conn_aenter, conn_aexit, &f->a)) {
        TRACE_NOW("body: using %s", co->value.as.buf.data);
        WA_AWAIT(co, wa_sleep(co, 1));
    }
    WA_WITH_END(co);
    WA_TRY(co, &f->t) {
        WA_WITH(co, wa_acm_enter(co, &f->cm, conn_aenter, conn_aexit, &f->b)) {
            TRACE_NOW("body: using %s", co->value.as.buf.data);
            WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "oops"));
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("main: %s('%s') propagated", wa_error_type_of(f->t.caught)->name, wa_error_message(f->t.caught));
    }
    WA_TRY_END(co, &f->t);
    WA_WITH(co, wa_acm_enter(co, &f->cm, conn_aenter, conn_aexit, &f->c)) {
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "ignored"));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: c swallowed it");
    WA_TRY(co, &f->t) {
        WA_WITH(co, wa_acm_enter(co, &f->cm, conn_aenter, conn_aexit, &f->d)) {
            TRACE_NOW("body: not reached");
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t, WA_OS_ERROR) {
        TRACE_NOW("main: enter failed: %s", wa_error_message(f->t.caught));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame, .a = {"a", false, false}, .b = {"b", false, false},
                    .c = {"c", false, true}, .d = {"d", true, false});
}
