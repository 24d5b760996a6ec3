/* A task runs in a copy of its creator's context, taken when it is created:
 * a set the creator makes afterwards is not seen by the task, and neither
 * is a set made before only in another task. */
#include "ctxvar.h"

static wa_contextvar *request;

typedef struct {
    wa_coro co;
    const char *name;
} child_frame;

static wa_status child_step(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s starts: request=%s", f->name, show(request));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("%s after sleep: request=%s", f->name, show(request));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *a, *b;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("main: request=%s", show(request));
    set_var(request, wa_str("first"));
    f->a = WA_SPAWN(wa_get_running_loop(), child_step, child_frame, .name = "a");
    set_var(request, wa_str("second"));
    f->b = WA_SPAWN(wa_get_running_loop(), child_step, child_frame, .name = "b");
    WA_AWAIT(co, wa_task_future(f->a));
    WA_AWAIT(co, wa_task_future(f->b));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    TRACE_NOW("main: request=%s", show(request));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    request = wa_contextvar_new("request", wa_str("none"), true);
    int rc = CONF_RUN(main_step, main_frame);
    wa_contextvar_unref(request);
    return rc;
}
