/* Context.run(fn) makes the context current while fn runs: fn's sets stay
 * in it (and out of the caller's), a copy is a snapshot that later sets do
 * not change, and running a context already entered raises RuntimeError. */
#include "ctxvar.h"

static wa_contextvar *mode;

typedef struct {
    wa_varcontext *ctx;
    const char *label;
} call;

static void never(void *arg) {
    (void)arg;
    printf("never\n");
}

static void inside(void *arg) {
    call *c = arg;
    wa_error *e = NULL;
    printf("%s: mode=%s\n", c->label, show(mode));
    set_var(mode, wa_str(c->label));
    if (wa_varcontext_run(c->ctx, never, NULL, &e)) printf("%s nested: %s\n", c->label, err_text(e));
    wa_error_unref(e);
}

static const char *in(wa_varcontext *ctx) {
    static char bufs[2][64];
    static int next;
    char *buf = bufs[next++ % 2];
    wa_value v;
    if (wa_varcontext_get(ctx, mode, &v)) return "KeyError";
    snprintf(buf, 64, "%.63s", fmt(&v));
    wa_value_clear(&v);
    return buf;
}

static void show_mode(void *arg) { printf("fresh: %s\n", show(arg)); }

static void body(void *arg) {
    (void)arg;
    call c = {wa_copy_context(), "first"};
    wa_varcontext_run(c.ctx, inside, &c, NULL);
    printf("outside: mode=%s ctx has %zu: %s\n", show(mode), wa_varcontext_len(c.ctx), in(c.ctx));
    wa_varcontext *snap = wa_varcontext_copy(c.ctx);
    c.label = "second";
    wa_varcontext_run(c.ctx, inside, &c, NULL);
    printf("ctx=%s snapshot=%s\n", in(c.ctx), in(snap));
    wa_varcontext *fresh = wa_varcontext_new();
    wa_varcontext_run(fresh, show_mode, mode, NULL);
    wa_varcontext_unref(fresh);
    wa_varcontext_unref(snap);
    wa_varcontext_unref(c.ctx);
}

int main(void) {
    CONF_INIT();
    mode = wa_contextvar_new("mode", wa_str("plain"), true);
    wa_varcontext *ctx = wa_varcontext_new();
    int rc = conf_failed(wa_varcontext_run(ctx, body, NULL, NULL), "wa_varcontext_run");
    wa_varcontext_unref(ctx);
    wa_contextvar_unref(mode);
    return rc;
}
