/* BaseExceptionGroup(msg, errors) is an ExceptionGroup (an Exception) when
 * every error is an Exception, nested groups included, else a
 * BaseExceptionGroup: a CancelledError inside makes it one, so `except
 * Exception` would not catch it.  split() picks the type again for each part. */
#include "trace.h"

static void show(wa_error *e, int depth) {
    if (!e) {
        TRACE_NOW("%*sNone", depth * 2, "");
    } else if (wa_error_is_group(e)) {
        TRACE_NOW("%*s%s: %s [%zu]", depth * 2, "", wa_error_type_of(e)->name, wa_error_message(e),
                  wa_error_group_size(e));
        for (size_t i = 0; i < wa_error_group_size(e); i++) show(wa_error_group_child(e, i), depth + 1);
    } else {
        TRACE_NOW("%*s%s: %s", depth * 2, "", wa_error_type_of(e)->name, wa_error_message(e));
    }
}

static void describe(const char *name, wa_error *g) {
    TRACE_NOW("%s: %s, Exception=%s, ExceptionGroup=%s, BaseExceptionGroup=%s", name, wa_error_type_of(g)->name,
              yes(wa_error_is(g, WA_EXCEPTION)), yes(wa_error_is(g, WA_EXCEPTION_GROUP)),
              yes(wa_error_is(g, WA_BASE_EXCEPTION_GROUP)));
}

static void split(const char *name, wa_error *g, const wa_error_type *t) {
    wa_error *match, *rest;
    if (conf_failed(wa_error_split(g, t, &match, &rest), "wa_error_split")) return;
    TRACE_NOW("%s.split(%s):", name, t->name);
    show(match, 1);
    show(rest, 1);
    wa_error_unref(match);
    wa_error_unref(rest);
}

static wa_error *group2(const char *msg, wa_error *a, wa_error *b) {
    wa_error *children[] = {a, b};
    return wa_error_group_new(msg, children, b ? 2 : 1);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    wa_error *plain, *mixed, *nested, *wrapped;
    WA_BEGIN(co);
    plain = group2("plain", wa_error_new(WA_VALUE_ERROR, "v"), wa_error_new(WA_TYPE_ERROR, "t"));
    describe("plain", plain);
    mixed = group2("mixed", wa_error_new(WA_VALUE_ERROR, "v"), wa_error_new(WA_CANCELLED_ERROR, "c"));
    describe("mixed", mixed);
    split("mixed", mixed, WA_CANCELLED_ERROR);
    nested = group2("outer", group2("errors", wa_error_new(WA_VALUE_ERROR, "v"), NULL),
                    group2("cancels", wa_error_new(WA_CANCELLED_ERROR, "c"), NULL));
    describe("nested", nested);
    describe("nested[0]", wa_error_group_child(nested, 0));
    split("nested", nested, WA_EXCEPTION);
    wrapped = group2("wrapped", group2("errors", wa_error_new(WA_VALUE_ERROR, "v"), NULL), NULL);
    describe("wrapped", wrapped);
    wa_error_unref(plain);
    wa_error_unref(mixed);
    wa_error_unref(nested);
    wa_error_unref(wrapped);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
