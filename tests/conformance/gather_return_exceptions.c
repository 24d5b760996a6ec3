/* With return_exceptions=True a child's error does not fail the gather: the
 * awaiter wakes once every child is done and gets the errors as items of the
 * result list, in argument order among the ordinary results (None included). */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

/* A child: sleeps delay, then returns result or raises fail(fail_msg).  If
 * cancelled while sleeping it sleeps cleanup (when > 0), then re-raises, or
 * returns result instead when swallow is set. */
typedef struct {
    wa_coro co;
    const char *name;
    double delay;
    wa_value result;
    const wa_error_type *fail;
    const char *fail_msg;
    double cleanup;
    bool swallow;
    wa_error *err, *saved;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: sleeping %g", f->name, f->delay);
    WA_AWAIT_TRY(co, wa_sleep(co, f->delay), f->err);
    if (f->err) {
        TRACE_NOW("%s: caught %s(%s)", f->name, wa_error_type_of(f->err)->name, wa_error_message(f->err));
        f->saved = wa_error_ref(f->err);
        if (f->cleanup > 0) {
            WA_AWAIT_TRY(co, wa_sleep(co, f->cleanup), f->err);
            if (f->err) {
                wa_error_unref(f->saved);
                WA_RAISE(co, wa_error_ref(f->err));
            }
            TRACE_NOW("%s: cleanup done", f->name);
        }
        if (f->swallow) {
            wa_error_unref(f->saved);
            TRACE_NOW("%s: swallowing it, returning %s", f->name, fmt(&f->result));
            WA_RETURN(co, f->result);
        }
        TRACE_NOW("%s: re-raising", f->name);
        WA_RAISE(co, f->saved);
    }
    if (f->fail) {
        TRACE_NOW("%s: raising %s(%s)", f->name, f->fail->name, f->fail_msg);
        WA_RAISE(co, wa_error_new(f->fail, "%s", f->fail_msg));
    }
    TRACE_NOW("%s: returning %s", f->name, fmt(&f->result));
    WA_RETURN(co, f->result);
    WA_END(co);
}

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
