/* BaseExceptionGroup.split(type), what `except*` uses: the match and the rest
 * keep the group's nesting and messages, empty subgroups are dropped; a type
 * that matches the group itself returns the very same group with no rest,
 * and a type matching nothing gives no match and a rebuilt copy as the rest. */
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

static void split(wa_error *eg, const wa_error_type *t) {
    wa_error *match, *rest;
    if (conf_failed(wa_error_split(eg, t, &match, &rest), "wa_error_split")) return;
    TRACE_NOW("split(%s): match is eg=%s, rest is eg=%s", t->name, yes(match == eg), yes(rest == eg));
    TRACE_NOW("match:");
    if (match == eg)
        TRACE_NOW("  (eg itself)");
    else
        show(match, 1);
    TRACE_NOW("rest:");
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
    wa_error *eg, *leaves;
    WA_BEGIN(co);
    {
        wa_error *children[] = {
            wa_error_new(WA_VALUE_ERROR, "v1"),
            group2("inner", wa_error_new(WA_TYPE_ERROR, "t1"), wa_error_new(WA_VALUE_ERROR, "v2")),
            group2("types", wa_error_new(WA_TYPE_ERROR, "t2"), NULL),
            wa_error_new(WA_RUNTIME_ERROR, "r1"),
        };
        eg = wa_error_group_new("outer", children, 4);
    }
    TRACE_NOW("eg: %s: %s (%zu)", wa_error_type_of(eg)->name, wa_error_message(eg), wa_error_group_size(eg));
    split(eg, WA_VALUE_ERROR);
    split(eg, WA_EXCEPTION);
    split(eg, WA_OS_ERROR);
    leaves = group2("all", wa_error_new(WA_VALUE_ERROR, "a"), group2("sub", wa_error_new(WA_VALUE_ERROR, "b"), NULL));
    split(leaves, WA_VALUE_ERROR);
    wa_error_unref(eg);
    wa_error_unref(leaves);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
