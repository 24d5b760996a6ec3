/* asyncio.wait with the default ALL_COMPLETED returns only once every task is
 * done, whatever order they finish in: the pending set is empty and each
 * task's result is then available without waiting. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

#define N 3

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
    int64_t result;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: finished", f->name);
    WA_RETURN(co, wa_int(f->result));
    WA_END(co);
}

/* "[a, b]": the tasks of ts whose done state is want, in array order. */
static const char *names(char *buf, size_t size, wa_task *const *ts, size_t n, bool want) {
    size_t len = 0;
    buf[len++] = '[';
    for (size_t i = 0; i < n; i++) {
        if (wa_future_done(wa_task_future(ts[i])) != want) continue;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len > 1 ? ", " : "", wa_task_name(ts[i]));
    }
    snprintf(buf + len, size - len, "]");
    return buf;
}

typedef struct {
    wa_coro co;
    wa_task *tasks[N];
    wa_future *futs[N];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    char d[64], p[64];
    wa_value v;
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN_NAMED(loop, "a", worker, worker_frame, .name = "a", .delay = 0.3, .result = 1);
    f->tasks[1] = WA_SPAWN_NAMED(loop, "b", worker, worker_frame, .name = "b", .delay = 0.1, .result = 2);
    f->tasks[2] = WA_SPAWN_NAMED(loop, "c", worker, worker_frame, .name = "c", .delay = 0.2, .result = 3);
    for (int i = 0; i < N; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    TRACE_NOW("main: waiting for all");
    WA_AWAIT(co, wa_wait(co, f->futs, N, WA_NO_TIMEOUT, WA_ALL_COMPLETED));
    TRACE_NOW("main: wait returned %" PRId64 " done, done=%s pending=%s", (int64_t)co->value.as.list.items[0].as.list.len,
              names(d, sizeof d, f->tasks, N, true), names(p, sizeof p, f->tasks, N, false));
    for (int i = 0; i < N; i++) {
        wa_future_result(f->futs[i], &v);
        TRACE_NOW("main: %s -> %" PRId64, wa_task_name(f->tasks[i]), v.as.i);
    }
    for (int i = 0; i < N; i++) wa_task_unref(f->tasks[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
