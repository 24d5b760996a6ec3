/* A TaskGroup with no tasks, or whose tasks are all done when the body ends,
 * exits without giving the loop an iteration: a task created earlier has not
 * run yet when the code after the `async with` runs.  An empty group that
 * was entered and left is finished: creating a task in it is refused. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
} other_frame;

static wa_status other(wa_coro *co) {
    other_frame *f = (other_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: runs", f->name);
    WA_END(co);
}

static wa_status quick(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("quick: done");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg1, tg2;
    wa_task *t1, *t2;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t1 = WA_SPAWN(loop, other, other_frame, .name = "other-1");
    TRACE_NOW("main: entering an empty group");
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg1)) {
        TRACE_NOW("body: nothing to do");
    }
    WA_WITH_END(co);
    TRACE_NOW("main: empty group exited");
    if (!WA_GROUP_SPAWN(&f->tg1, other, other_frame, .name = "never"))
        TRACE_NOW("main: create_task raised RuntimeError");
    WA_AWAIT(co, f->t1);
    wa_task_unref(f->t1);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg2)) {
        WA_GROUP_SPAWN(&f->tg2, quick, other_frame);
        WA_AWAIT(co, wa_sleep(co, 1));
        f->t2 = WA_SPAWN(loop, other, other_frame, .name = "other-2");
        TRACE_NOW("body: quick is done, leaving");
    }
    WA_WITH_END(co);
    TRACE_NOW("main: second group exited");
    WA_AWAIT(co, f->t2);
    wa_task_unref(f->t2);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
