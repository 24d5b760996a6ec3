/* When a child finishes, a task awaiting that child directly wakes one loop
 * iteration before the task awaiting a gather of it, whichever registered
 * first: the child's done callbacks run in registration order, and the
 * gather's callback only schedules the wake-up of its awaiter. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_task *task;
} direct_frame;

static wa_status direct(wa_coro *co) {
    direct_frame *f = (direct_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: awaiting the child directly", f->name);
    WA_AWAIT(co, f->task);
    TRACE_NOW("%s: woke with %s", f->name, fmt(&co->value));
    WA_END(co);
}

static void done_cb(wa_future *fut, void *arg) {
    (void)arg;
    TRACE(wa_future_loop(fut), "c done callback");
}

typedef struct {
    wa_coro co;
    wa_task *c, *t;
    wa_future *fut;
    wa_future *g;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 1, .result = wa_str("C"));
    f->fut = wa_task_future(f->c);
    f->g = wa_future_ref(wa_gather(co, &f->fut, 1, false));
    wa_future_add_done_callback(f->fut, done_cb, NULL);
    f->t = WA_SPAWN(loop, direct, direct_frame, .name = "t", .task = f->c);
    TRACE_NOW("main: awaiting gather(c) (registered before t)");
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: woke with %s", fmt(&co->value));
    wa_future_unref(f->g);
    WA_AWAIT(co, f->t);
    wa_task_unref(f->c);
    wa_task_unref(f->t);

    f->c = WA_SPAWN(loop, child, child_frame, .name = "d", .delay = 1, .result = wa_str("D"));
    f->t = WA_SPAWN(loop, direct, direct_frame, .name = "u", .task = f->c);
    WA_YIELD(co);
    TRACE_NOW("main: awaiting gather(d) (registered after u)");
    f->fut = wa_task_future(f->c);
    WA_AWAIT(co, wa_gather(co, &f->fut, 1, false));
    TRACE_NOW("main: woke with %s", fmt(&co->value));
    WA_AWAIT(co, f->t);
    wa_task_unref(f->c);
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
