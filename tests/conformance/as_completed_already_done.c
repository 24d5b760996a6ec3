/* Inputs already done when as_completed is called come out first, before a
 * task that finishes in its very first step: their completion callbacks are
 * queued at once, the task's only after it runs.  (The order between the
 * done inputs follows set iteration in asyncio, so they print sorted.) */
#include <string.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
} immediate_frame;

static wa_status immediate(wa_coro *co) {
    immediate_frame *f = (immediate_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: finished in its first step", f->name);
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *done_task, *quick;
    wa_future *done_fut;
    wa_future *futs[3];
    wa_as_completed *ac;
    const char *got[3];
    int n;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    const char *lo, *hi;
    WA_BEGIN(co);
    f->done_task = WA_SPAWN_NAMED(loop, "done_task", immediate, immediate_frame, .name = "done_task");
    WA_AWAIT(co, f->done_task);
    f->done_fut = wa_future_new(loop);
    wa_future_set_result(f->done_fut, wa_str("done_fut"));
    f->quick = WA_SPAWN_NAMED(loop, "quick", immediate, immediate_frame, .name = "quick");
    TRACE_NOW("main: iterating");
    f->futs[0] = wa_task_future(f->quick);
    f->futs[1] = f->done_fut;
    f->futs[2] = wa_task_future(f->done_task);
    f->ac = wa_as_completed_new(co, f->futs, 3, WA_NO_TIMEOUT);
    while (wa_as_completed_left(f->ac)) {
        WA_AWAIT(co, wa_as_completed_next(co, f->ac));
        wa_future_result(co->value.as.ptr.p, &v);
        f->got[f->n++] = v.as.buf.data;     /* valid as long as the input future */
        if (f->n == 2) {
            lo = strcmp(f->got[0], f->got[1]) < 0 ? f->got[0] : f->got[1];
            hi = lo == f->got[0] ? f->got[1] : f->got[0];
            TRACE_NOW("main: first two: ['%s', '%s']", lo, hi);
        } else if (f->n == 3) {
            TRACE_NOW("main: third: %s", f->got[2]);
        }
    }
    wa_as_completed_free(f->ac);
    TRACE_NOW("main: iteration over");
    wa_future_unref(f->done_fut);
    wa_task_unref(f->done_task);
    wa_task_unref(f->quick);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
