/* A future passed to wait more than once counts once: wait([a, a, b])
 * waits for two futures and reports two done, and with FIRST_COMPLETED the
 * repeated slow task does not make the fast one count less. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: finished", f->name);
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c, *d;
    wa_task *tasks[4];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->a = WA_SPAWN_NAMED(loop, "a", worker, worker_frame, .name = "a", .delay = 0.1);
    f->b = WA_SPAWN_NAMED(loop, "b", worker, worker_frame, .name = "b", .delay = 0.2);
    f->tasks[0] = f->a;
    f->tasks[1] = f->a;
    f->tasks[2] = f->b;
    TRACE_NOW("main: wait([a, a, b])");
    WA_AWAIT(co, wa_wait(co, f->tasks, 3, WA_NO_TIMEOUT, WA_ALL_COMPLETED));
    /* two distinct futures */
    TRACE_NOW("main: returned %" PRId64 " done, %" PRId64 " pending", (int64_t)co->value.as.list.items[0].as.list.len, (int64_t)co->value.as.list.items[1].as.list.len);
    f->c = WA_SPAWN_NAMED(loop, "c", worker, worker_frame, .name = "c", .delay = 0.1);
    f->d = WA_SPAWN_NAMED(loop, "d", worker, worker_frame, .name = "d", .delay = 0.5);
    f->tasks[0] = f->d;
    f->tasks[1] = f->d;
    f->tasks[2] = f->c;
    f->tasks[3] = f->d;
    TRACE_NOW("main: wait([d, d, c, d], FIRST_COMPLETED)");
    WA_AWAIT(co, wa_wait(co, f->tasks, 4, WA_NO_TIMEOUT, WA_FIRST_COMPLETED));
    TRACE_NOW("main: returned %" PRId64 " done, %" PRId64 " pending, c done=%s, d pending=%s", (int64_t)co->value.as.list.items[0].as.list.len,
              (int64_t)co->value.as.list.items[1].as.list.len, yes(wa_future_done(wa_task_future(f->c))),
              yes(!wa_future_done(wa_task_future(f->d))));
    WA_AWAIT(co, f->d);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    wa_task_unref(f->d);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
