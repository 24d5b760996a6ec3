/* Misused tokens: reset twice raises RuntimeError, reset through another
 * variable or from another context raises ValueError, with CPython's words
 * (addresses masked); a failed reset changes nothing. */
#include "ctxvar.h"

static wa_contextvar *color, *size;
static wa_token *token;

static void make_token(void *arg) {
    (void)arg;
    token = wa_contextvar_set(color, wa_str("blue"));
}

static void report(const char *what, wa_error *e) {
    printf("%s: %s\n", what, e ? err_text(e) : "no error");
    wa_error_unref(e);
}

static void use_elsewhere(void *arg) {
    wa_error *e = NULL;
    (void)arg;
    wa_contextvar_reset(color, token, &e);
    report("other context", e);
    printf("other context: color=%s\n", show(color));
}

static void misuse(void *arg) {
    wa_error *e = NULL;
    (void)arg;
    wa_contextvar_reset(size, token, &e);
    report("other variable", e);
    wa_contextvar_reset(color, token, NULL);
    printf("reset once: color=%s\n", show(color));
    wa_contextvar_reset(color, token, &e);
    report("reset twice", e);
    printf("color=%s ", show(color));
    printf("size=%s\n", show(size));
}

int main(void) {
    CONF_INIT();
    color = wa_contextvar_new("color", wa_str("red"), true);
    size = wa_contextvar_new("size", wa_int(1), true);
    wa_varcontext *home = wa_varcontext_new(), *other = wa_varcontext_new();
    int rc = conf_failed(wa_varcontext_run(home, make_token, NULL, NULL), "run") ||
             conf_failed(wa_varcontext_run(other, use_elsewhere, NULL, NULL), "run") ||
             conf_failed(wa_varcontext_run(home, misuse, NULL, NULL), "run");
    wa_token_unref(token);
    wa_varcontext_unref(home);
    wa_varcontext_unref(other);
    wa_contextvar_unref(color);
    wa_contextvar_unref(size);
    return rc;
}
