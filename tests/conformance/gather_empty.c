/* gather() of nothing is a future already done with an empty list: awaiting
 * it goes on at once, without a loop iteration, so the main coroutine runs
 * ahead of a task created earlier and of a call_soon callback queued earlier. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

static const char *yes(bool b) { return b ? "True" : "False"; }


/* Appends v as the Python twin's fmt() prints it. */
static void fmt_append(char *buf, size_t size, const wa_value *v) {
    size_t len = strlen(buf);
    if (v->kind == WA_KIND_LIST) {
        snprintf(buf + len, size - len, "[");
        for (size_t i = 0; i < v->as.list.len; i++) {
            if (i) strncat(buf, ", ", size - strlen(buf) - 1);
            fmt_append(buf, size, &v->as.list.items[i]);
        }
        strncat(buf, "]", size - strlen(buf) - 1);
    } else if (v->kind == WA_KIND_ERROR) {
        snprintf(buf + len, size - len, "%s(%s)", wa_error_type_of(v->as.err)->name, wa_error_message(v->as.err));
    } else if (v->kind == WA_KIND_STR) {
        snprintf(buf + len, size - len, "%s", v->as.buf.data);
    } else if (v->kind == WA_KIND_INT) {
        snprintf(buf + len, size - len, "%" PRId64, v->as.i);
    } else if (v->kind == WA_KIND_NONE) {
        snprintf(buf + len, size - len, "None");
    } else {
        snprintf(buf + len, size - len, "?");
    }
}

static const char *fmt(const wa_value *v) {
    static char buf[512];
    buf[0] = '\0';
    fmt_append(buf, sizeof buf, v);
    return buf;
}

typedef struct {
    wa_coro co;
} sibling_frame;

static wa_status sibling(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("sibling: first step");
    WA_END(co);
}

static void callback(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "call_soon callback");
}

typedef struct {
    wa_coro co;
    wa_task *s;
    wa_future *g;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    WA_BEGIN(co);
    f->s = WA_SPAWN(loop, sibling, sibling_frame);
    wa_call_soon(loop, callback, NULL, NULL);
    f->g = wa_future_ref(wa_gather(co, NULL, 0, false));
    wa_future_result(f->g, &v);
    TRACE_NOW("main: gather() done=%s result=%s", yes(wa_future_done(f->g)), fmt(&v));
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: await gather() -> %s", fmt(&co->value));
    wa_future_unref(f->g);
    WA_AWAIT(co, wa_gather(co, NULL, 0, true));
    TRACE_NOW("main: await gather(return_exceptions=True) -> %s", fmt(&co->value));
    TRACE_NOW("main: yielding with sleep(0)");
    WA_YIELD(co);
    TRACE_NOW("main: resumed");
    WA_AWAIT(co, f->s);
    wa_task_unref(f->s);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
