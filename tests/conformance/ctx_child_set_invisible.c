/* A set inside a task stays in the task's copy: its parent and a sibling
 * created afterwards keep seeing the parent's value, and a grandchild
 * created by the task inherits the task's value. */
#include "ctxvar.h"

static wa_contextvar *depth;

static int64_t depth_now(void) {
    wa_value v;
    if (wa_contextvar_get(depth, &v, NULL)) return -1;
    return v.as.i;
}

typedef struct {
    wa_coro co;
    const char *who;
} report_frame;

static wa_status report_step(wa_coro *co) {
    report_frame *f = (report_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: depth=%s", f->who, show(depth));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
} child_frame;

static wa_status child_step(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    set_var(depth, wa_int(depth_now() + 1));
    TRACE_NOW("child set: depth=%s", show(depth));
    f->t = WA_SPAWN(wa_get_running_loop(), report_step, report_frame, .who = "grandchild");
    WA_AWAIT(co, wa_task_future(f->t));
    wa_task_unref(f->t);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("child after sleep: depth=%s", show(depth));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *child, *sibling;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    set_var(depth, wa_int(10));
    f->child = WA_SPAWN(wa_get_running_loop(), child_step, child_frame);
    WA_AWAIT(co, wa_sleep(co, 0.25));
    TRACE_NOW("main while child sleeps: depth=%s", show(depth));
    f->sibling = WA_SPAWN(wa_get_running_loop(), report_step, report_frame, .who = "sibling");
    WA_AWAIT(co, wa_task_future(f->sibling));
    wa_task_unref(f->sibling);
    WA_AWAIT(co, wa_task_future(f->child));
    wa_task_unref(f->child);
    TRACE_NOW("main after child: depth=%s", show(depth));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    depth = wa_contextvar_new("depth", wa_int(0), true);
    int rc = CONF_RUN(main_step, main_frame);
    wa_contextvar_unref(depth);
    return rc;
}
