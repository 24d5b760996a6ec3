/* wait(FIRST_EXCEPTION) with no task raising behaves like ALL_COMPLETED: it
 * waits for every future.  A cancelled future does not count as an
 * exception, so cancelling one of them does not end the wait early. */
#include <inttypes.h>

#include "trace.h"

#define N 3

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

static void cancel(wa_loop *loop, void *arg) {
    TRACE(loop, "callback: fut.cancel() -> %s", yes(wa_future_cancel(arg, NULL)));
}

typedef struct {
    wa_coro co;
    wa_task *a, *b;
    wa_future *fut;
    wa_future *futs[N];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    static const char *const names[N] = {"a", "fut", "b"};
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    wa_call_later(loop, 0.2, cancel, f->fut, NULL);
    f->a = WA_SPAWN(loop, worker, worker_frame, .name = "a", .delay = 0.1);
    f->b = WA_SPAWN(loop, worker, worker_frame, .name = "b", .delay = 0.4);
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = f->fut;
    f->futs[2] = wa_task_future(f->b);
    TRACE_NOW("main: waiting for the first exception");
    WA_AWAIT(co, wa_wait(co, f->futs, N, WA_NO_TIMEOUT, WA_FIRST_EXCEPTION));
    TRACE_NOW("main: wait returned %" PRId64 " done, %" PRId64 " pending", (int64_t)co->value.as.list.items[0].as.list.len, (int64_t)co->value.as.list.items[1].as.list.len);
    for (int i = 0; i < N; i++)
        TRACE_NOW("main: %s done=%s cancelled=%s", names[i], yes(wa_future_done(f->futs[i])),
                  yes(wa_future_cancelled(f->futs[i])));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
