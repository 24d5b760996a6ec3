/* Leaving a TaskGroup's body waits for every task of the group: the body
 * ends at 0.5, the group exits only when the slowest task finishes at 3.0,
 * and the tasks' results are ready after the `async with`.  Tasks start in
 * the iteration after the body creates them, in creation order. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    int n;
    double delay;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("worker %d: start, sleeping %.1f", f->n, f->delay);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("worker %d: done", f->n);
    WA_RETURN(co, wa_int(f->n * 100));
    WA_END(co);
}

static bool done(wa_task *t) { return wa_future_done(wa_task_future(t)); }

static int64_t result_of(wa_task *t) {
    wa_value v = wa_none();
    wa_future_result(wa_task_future(t), &v);
    return v.as.i;
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_task *t[3];      /* our own references, kept past the group */
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("main: entering group");
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        f->t[0] = wa_task_ref(WA_GROUP_SPAWN(&f->tg, worker, worker_frame, .n = 1, .delay = 1.0));
        f->t[1] = wa_task_ref(WA_GROUP_SPAWN(&f->tg, worker, worker_frame, .n = 2, .delay = 3.0));
        f->t[2] = wa_task_ref(WA_GROUP_SPAWN(&f->tg, worker, worker_frame, .n = 3, .delay = 2.0));
        TRACE_NOW("body: created 3 tasks, sleeping 0.5");
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("body: leaving, done=%s,%s,%s", yes(done(f->t[0])), yes(done(f->t[1])), yes(done(f->t[2])));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: group exited, done=%s,%s,%s", yes(done(f->t[0])), yes(done(f->t[1])), yes(done(f->t[2])));
    TRACE_NOW("main: results %" PRId64 " %" PRId64 " %" PRId64, result_of(f->t[0]), result_of(f->t[1]),
              result_of(f->t[2]));
    for (int i = 0; i < 3; i++) wa_task_unref(f->t[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
