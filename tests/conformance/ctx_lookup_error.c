/* get() on a variable with no value and no default raises LookupError, an
 * Exception whose message is the variable's repr; get(default) returns the
 * default instead; a variable's own default shows in its repr. */
#include "ctxvar.h"

static wa_contextvar *session, *retries;

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    {
        wa_value v;
        wa_error *e = NULL;
        if (wa_contextvar_get(session, &v, &e) == WA_EEXCEPTION)
            TRACE_NOW("caught %s (LookupError is an Exception: %s)", err_text(e), yes(wa_error_is(e, WA_EXCEPTION)));
        wa_error_unref(e);
        wa_contextvar_get_or(session, wa_str("guest"), &v);
        TRACE_NOW("session.get('guest') -> %s", fmt(&v));
        wa_value_clear(&v);
        char repr[128];
        wa_contextvar_repr(retries, repr, sizeof repr);
        TRACE_NOW("retries -> %s; repr %s", show(retries), masked(repr));
    }
    set_var(session, wa_str("s-1"));
    TRACE_NOW("after set: session=%s", show(session));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    session = wa_contextvar_new("session", wa_none(), false);
    retries = wa_contextvar_new("retries", wa_int(3), true);
    int rc = CONF_RUN(main_step, main_frame);
    wa_contextvar_unref(session);
    wa_contextvar_unref(retries);
    return rc;
}
