/* call_soon, call_later and call_at run a callback in a copy of the context
 * current when it was scheduled, or in context=ctx itself: a set inside a
 * callback stays in its copy, or lands in ctx for the next callback there. */
#include "ctxvar.h"

static wa_contextvar *step;

static void cb(wa_loop *loop, void *label) {
    char text[64];
    TRACE(loop, "%s: step=%s", (const char *)label, show(step));
    snprintf(text, sizeof text, "set by %s", (const char *)label);
    set_var(step, wa_str(text));
}

typedef struct {
    wa_coro co;
    wa_varcontext *ctx;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->ctx = wa_copy_context();
    set_var(step, wa_str("scheduled"));
    wa_call_soon(loop, cb, "soon", NULL);
    wa_call_soon_context(loop, f->ctx, cb, "soon ctx", NULL);
    wa_call_later(loop, 0.5, cb, "later", NULL);
    wa_call_later_context(loop, f->ctx, 0.25, cb, "later ctx", NULL);
    wa_call_at_context(loop, f->ctx, wa_loop_time(loop) + 0.75, cb, "at ctx", NULL);
    set_var(step, wa_str("changed"));
    WA_AWAIT(co, wa_sleep(co, 1));
    {
        wa_value v;
        char in_ctx[64];    /* show() formats through fmt()'s buffer too */
        wa_varcontext_get(f->ctx, step, &v);
        snprintf(in_ctx, sizeof in_ctx, "%.63s", fmt(&v));
        wa_value_clear(&v);
        TRACE_NOW("main: step=%s ctx[step]=%s", show(step), in_ctx);
    }
    wa_varcontext_unref(f->ctx);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    step = wa_contextvar_new("step", wa_str("unset"), true);
    int rc = CONF_RUN(main_step, main_frame);
    wa_contextvar_unref(step);
    return rc;
}
