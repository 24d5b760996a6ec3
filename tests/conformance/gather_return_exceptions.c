/* With return_exceptions=True a child's error does not fail the gather: the
 * awaiter wakes once every child is done and gets the errors as items of the
 * result list, in argument order among the ordinary results (None included). */
#include <inttypes.h>
#include <string.h>

#include "child.h"

static const wa_error_type quota_error = {"QuotaError", WA_EXCEPTION};

typedef struct {
    wa_coro co;
    wa_task *t[5];
    wa_future *futs[5];
} main_frame;

static const char *kind_name(const wa_value *v) {
    switch (v->kind) {
    case WA_KIND_NONE: return "NoneType";
    case WA_KIND_STR: return "str";
    case WA_KIND_INT: return "int";
    default: return "?";
    }
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *exc;
    WA_BEGIN(co);
    f->t[0] = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 2, .result = wa_str("A"));
    f->t[1] = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 1, .fail = WA_VALUE_ERROR, .fail_msg = "bad b");
    f->t[2] = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 3, .fail = &quota_error, .fail_msg = "over quota");
    f->t[3] = WA_SPAWN(loop, child, child_frame, .name = "d", .delay = 0.5);
    f->t[4] = WA_SPAWN(loop, child, child_frame, .name = "e", .delay = 1.5, .result = wa_int(5));
    for (int i = 0; i < 5; i++) f->futs[i] = wa_task_future(f->t[i]);
    TRACE_NOW("main: awaiting gather(a, b, c, d, e, return_exceptions=True)");
    WA_AWAIT(co, wa_gather(co, f->futs, 5, true));
    TRACE_NOW("main: gather returned %zu items", co->value.as.list.len);
    for (size_t i = 0; i < co->value.as.list.len; i++) {
        const wa_value *item = &co->value.as.list.items[i];
        if (item->kind == WA_KIND_ERROR)
            TRACE_NOW("main: item %zu is error %s: %s", i, wa_error_type_of(item->as.err)->name,
                      wa_error_message(item->as.err));
        else
            TRACE_NOW("main: item %zu is %s: %s", i, kind_name(item), fmt(item));
    }
    wa_future_exception(f->futs[1], &exc);
    TRACE_NOW("main: b.exception() is %s(%s)", wa_error_type_of(exc)->name, wa_error_message(exc));
    for (int i = 0; i < 5; i++) wa_task_unref(f->t[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
