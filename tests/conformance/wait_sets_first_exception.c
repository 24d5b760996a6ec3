/* FIRST_EXCEPTION returns at the first failure with the failed task in done
 * (its exception then retrieved from the set), while a task that finished
 * normally before it is in done as well and the slow one stays pending. */
#include "trace.h"

typedef struct {
    wa_coro co;
    double delay;
    bool fail;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad"));
    WA_RETURN(co, wa_str("ok"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *tasks[3];
    wa_future *futs[3];
    wa_future *pending[3];
    size_t npending;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN_NAMED(loop, "fast", worker, worker_frame, .delay = 1);
    f->tasks[1] = WA_SPAWN_NAMED(loop, "bad", worker, worker_frame, .delay = 2, .fail = true);
    f->tasks[2] = WA_SPAWN_NAMED(loop, "slow", worker, worker_frame, .delay = 5);
    for (int i = 0; i < 3; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    WA_AWAIT(co, wa_wait(co, f->futs, 3, WA_NO_TIMEOUT, WA_FIRST_EXCEPTION));
    {
        wa_value done = co->value.as.list.items[0], pending = co->value.as.list.items[1];
        for (size_t i = 0; i < done.as.list.len; i++) {
            wa_future *d = done.as.list.items[i].as.ptr.p;
            wa_error *e = NULL;
            wa_value v;
            wa_future_exception(d, &e);
            const char *name = wa_task_name(f->tasks[d == f->futs[0] ? 0 : d == f->futs[1] ? 1 : 2]);
            if (e) TRACE_NOW("main: done %s: %s: %s", name, wa_error_type_of(e)->name, wa_error_message(e));
            else if (wa_future_result(d, &v) == 0) TRACE_NOW("main: done %s: '%s'", name, v.as.buf.data);
        }
        for (size_t i = 0; i < pending.as.list.len; i++) {
            wa_future *p = pending.as.list.items[i].as.ptr.p;
            int k = p == f->futs[0] ? 0 : p == f->futs[1] ? 1 : 2;
            f->pending[f->npending++] = p;
            TRACE_NOW("main: pending %s", wa_task_name(f->tasks[k]));
            wa_task_cancel(f->tasks[k], NULL);
        }
    }
    WA_AWAIT(co, wa_wait(co, f->pending, f->npending, WA_NO_TIMEOUT, WA_ALL_COMPLETED));
    TRACE_NOW("main: after cancel %zu done, %zu pending", co->value.as.list.items[0].as.list.len,
              co->value.as.list.items[1].as.list.len);
    for (int i = 0; i < 3; i++) wa_task_unref(f->tasks[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
