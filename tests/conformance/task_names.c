/* asyncio.run's main task is Task-1; unnamed tasks count on from there (in
 * 3.13 a task given a name takes no number); current_task() is the task
 * whose step is running, and None in a plain callback; all_tasks() counts
 * the tasks not yet done, the running main task included. */
#include "trace.h"

typedef struct {
    wa_coro co;
} plain_frame;

static wa_status show(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("step of %s", wa_task_name(wa_current_task(wa_get_running_loop())));
    WA_YIELD(co);
    WA_END(co);
}

static void in_callback(wa_loop *loop, void *arg) {
    (void)arg;
    wa_task *t = wa_current_task(loop);
    TRACE(loop, "in a callback current_task() is %s", t ? wa_task_name(t) : "None");
}

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    TRACE_NOW("main is %s, all_tasks=%zu", wa_task_name(wa_current_task(loop)), wa_all_tasks(loop, NULL, NULL));
    f->a = WA_SPAWN(loop, show, plain_frame);
    f->b = WA_SPAWN_NAMED(loop, "worker", show, plain_frame);
    f->c = WA_SPAWN(loop, show, plain_frame);
    wa_call_soon(loop, in_callback, NULL, NULL);
    TRACE_NOW("created %s, %s, %s; all_tasks=%zu", wa_task_name(f->a), wa_task_name(f->b), wa_task_name(f->c),
              wa_all_tasks(loop, NULL, NULL));
    wa_task_set_name(f->c, "renamed");
    WA_AWAIT(co, f->a);
    TRACE_NOW("a done: all_tasks=%zu", wa_all_tasks(loop, NULL, NULL));
    WA_AWAIT(co, f->b);
    WA_AWAIT(co, f->c);
    TRACE_NOW("all done: all_tasks=%zu", wa_all_tasks(loop, NULL, NULL));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
