/* Cancelling a task blocked in asyncio.wait raises CancelledError out of the
 * wait in that task, but does not cancel the futures it was waiting for:
 * they keep running and finish with their results. */
#include "trace.h"

#define N 2

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
    wa_future **futs;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("waiter: waiting");
    WA_AWAIT_TRY(co, wa_wait(co, f->futs, N, WA_NO_TIMEOUT, WA_ALL_COMPLETED), f->err);
    if (!f->err) TRACE_NOW("waiter: not reached");
    if (f->err && wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("waiter: wait raised %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *tasks[N];
    wa_future *futs[N];
    wa_task *w;
    wa_error *err;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN_NAMED(loop, "a", worker, worker_frame, .name = "a", .delay = 0.3);
    f->tasks[1] = WA_SPAWN_NAMED(loop, "b", worker, worker_frame, .name = "b", .delay = 0.5);
    for (int i = 0; i < N; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    f->w = WA_SPAWN(loop, waiter, waiter_frame, .futs = f->futs);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("main: cancel waiter -> %s", yes(wa_task_cancel(f->w, "stop waiting")));
    WA_AWAIT_TRY(co, f->w, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: waiter cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->w))));
    for (int i = 0; i < N; i++)
        TRACE_NOW("main: %s done=%s cancelled=%s", wa_task_name(f->tasks[i]), yes(wa_future_done(f->futs[i])),
                  yes(wa_future_cancelled(f->futs[i])));
    for (f->i = 0; f->i < N; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        TRACE_NOW("main: %s -> %s", wa_task_name(f->tasks[f->i]), co->value.as.buf.data);
    }
    for (int i = 0; i < N; i++) wa_task_unref(f->tasks[i]);
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
