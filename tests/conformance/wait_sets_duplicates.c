/* A future passed to wait() twice is in its sets once; the sets hold the
 * very objects passed, so identity checks against them work. */
#include "trace.h"

typedef struct {
    wa_coro co;
    double delay;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    WA_RETURN(co, wa_double(f->delay));
    WA_END(co);
}

/* Python's `x in s` for one of wait's lists. */
static bool in(wa_value set, wa_future *x) {
    for (size_t i = 0; i < set.as.list.len; i++)
        if (set.as.list.items[i].as.ptr.p == x) return true;
    return false;
}

typedef struct {
    wa_coro co;
    wa_task *a, *b;
    wa_future *futs[5];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, worker, worker_frame, .delay = 1);
    f->b = WA_SPAWN(loop, worker, worker_frame, .delay = 2);
    {
        wa_future *a = wa_task_future(f->a), *b = wa_task_future(f->b);
        f->futs[0] = a, f->futs[1] = b, f->futs[2] = a, f->futs[3] = b, f->futs[4] = a;
    }
    WA_AWAIT(co, wa_wait(co, f->futs, 5, WA_NO_TIMEOUT, WA_FIRST_COMPLETED));
    {
        wa_value done = co->value.as.list.items[0], pending = co->value.as.list.items[1];
        TRACE_NOW("main: %zu done, %zu pending, a done=%s, b pending=%s", done.as.list.len, pending.as.list.len,
                  yes(in(done, wa_task_future(f->a))), yes(in(pending, wa_task_future(f->b))));
    }
    f->futs[0] = f->futs[1] = wa_task_future(f->b);
    WA_AWAIT(co, wa_wait(co, f->futs, 2, WA_NO_TIMEOUT, WA_ALL_COMPLETED));
    TRACE_NOW("main: %zu done, %zu pending, b done=%s", co->value.as.list.items[0].as.list.len,
              co->value.as.list.items[1].as.list.len, yes(in(co->value.as.list.items[0], wa_task_future(f->b))));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
