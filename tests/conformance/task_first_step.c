/* create_task does not run the coroutine: its first step is queued with
 * call_soon, behind callbacks queued before it and ahead of those queued
 * after, and runs only once the creator yields to the loop. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name, *upper;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: first step", f->name);
    WA_YIELD(co);
    TRACE_NOW("%s: second step", f->name);
    WA_RETURN(co, wa_str(f->upper));
    WA_END(co);
}

static void say(wa_loop *loop, void *word) { TRACE(loop, "%s", (const char *)word); }

typedef struct {
    wa_coro co;
    wa_task *t1, *t2;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_call_soon(loop, say, "callback queued before create_task", NULL);
    f->t1 = WA_SPAWN(loop, child, child_frame, .name = "t1", .upper = "T1");
    wa_call_soon(loop, say, "callback queued between the tasks", NULL);
    f->t2 = WA_SPAWN(loop, child, child_frame, .name = "t2", .upper = "T2");
    TRACE_NOW("main: created both, t1.done()=%s", yes(wa_future_done(wa_task_future(f->t1))));
    WA_AWAIT(co, f->t1);
    TRACE_NOW("main: t1 returned %s, t2.done()=%s", co->value.as.buf.data,
              yes(wa_future_done(wa_task_future(f->t2))));
    WA_AWAIT(co, f->t2);
    TRACE_NOW("main: t2 returned %s without waiting", co->value.as.buf.data);
    wa_task_unref(f->t1);
    wa_task_unref(f->t2);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
