/* ContextVar.set returns a Token; reset(token) restores the value from
 * before that set, and a token from the first set restores "no value", so
 * get() falls back to the default (or raises LookupError without one). */
#include "ctxvar.h"

static wa_contextvar *level, *name;

static void body(void *arg) {
    (void)arg;
    wa_token *t1 = wa_contextvar_set(level, wa_str("debug"));
    wa_token *t2 = wa_contextvar_set(level, wa_str("trace"));
    printf("set twice: level=%s token var=%s is level: %s\n", show(level), wa_contextvar_name(wa_token_var(t1)),
           yes(wa_token_var(t1) == level));
    wa_contextvar_reset(level, t2, NULL);
    printf("reset second: level=%s\n", show(level));
    wa_contextvar_reset(level, t1, NULL);
    printf("reset first: level=%s\n", show(level));
    wa_token *t3 = wa_contextvar_set(name, wa_str("ada"));
    printf("name=%s\n", show(name));
    wa_contextvar_reset(name, t3, NULL);
    printf("name after reset=%s\n", show(name));
    wa_value a, b;
    wa_contextvar_get_or(name, wa_str("anonymous"), &a);
    wa_contextvar_get_or(level, wa_str("ignored"), &b);
    printf("get with default: %s / ", fmt(&a));
    printf("%s\n", fmt(&b));
    wa_value_clear(&a);
    wa_value_clear(&b);
    wa_varcontext *copy = wa_copy_context();
    printf("values in context: %zu\n", wa_varcontext_len(copy));
    wa_varcontext_unref(copy);
    wa_token_unref(t1);
    wa_token_unref(t2);
    wa_token_unref(t3);
}

int main(void) {
    CONF_INIT();
    level = wa_contextvar_new("level", wa_str("info"), true);
    name = wa_contextvar_new("name", wa_none(), false);
    wa_varcontext *ctx = wa_varcontext_new();
    int rc = conf_failed(wa_varcontext_run(ctx, body, NULL, NULL), "wa_varcontext_run");
    wa_varcontext_unref(ctx);
    wa_contextvar_unref(level);
    wa_contextvar_unref(name);
    return rc;
}
