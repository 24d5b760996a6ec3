/* as_completed counts a future given several times once: it is yielded a
 * single time and the iteration ends after the distinct inputs, whether the
 * repeated future is pending or already done. */
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
    wa_task *a, *b;
    wa_future *d;
    wa_future *futs[7];
    wa_as_completed *ac;
    int n;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    WA_BEGIN(co);
    f->d = wa_future_new(loop);
    wa_future_set_result(f->d, wa_str("d"));
    f->a = WA_SPAWN(loop, worker, worker_frame, .name = "a", .delay = 0.2);
    f->b = WA_SPAWN(loop, worker, worker_frame, .name = "b", .delay = 0.1);
    f->futs[0] = f->futs[2] = f->futs[4] = wa_task_future(f->a);
    f->futs[1] = f->futs[5] = wa_task_future(f->b);
    f->futs[3] = f->futs[6] = f->d;
    TRACE_NOW("main: as_completed([a, b, a, d, a, b, d])");
    f->ac = wa_as_completed_new(co, f->futs, 7, WA_NO_TIMEOUT);
    while (wa_as_completed_left(f->ac)) {
        WA_AWAIT(co, wa_as_completed_next(co, f->ac));
        wa_future_result(co->value.as.ptr.p, &v);
        TRACE_NOW("main: #%d -> %s", ++f->n, v.as.buf.data);
    }
    wa_as_completed_free(f->ac);
    TRACE_NOW("main: iteration over after %d", f->n);
    wa_future_unref(f->d);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
