/* wait(FIRST_COMPLETED) wakes one iteration after the first completion
 * callback releases it, and builds its sets only then: a task that finished
 * in the iteration in between (a sleep(0) race) is in done too, while a task
 * one sleep(0) slower is still pending. */
#include <inttypes.h>

#include "trace.h"

#define N 3

typedef struct {
    wa_coro co;
    const char *name;
    int yields;
    int i;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: started", f->name);
    for (f->i = 0; f->i < f->yields; f->i++)
        WA_YIELD(co);
    TRACE_NOW("%s: finished", f->name);
    WA_RETURN(co, wa_str(f->name));
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
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN_NAMED(loop, "a", worker, worker_frame, .name = "a", .yields = 0);
    f->tasks[1] = WA_SPAWN_NAMED(loop, "b", worker, worker_frame, .name = "b", .yields = 1);
    f->tasks[2] = WA_SPAWN_NAMED(loop, "c", worker, worker_frame, .name = "c", .yields = 2);
    for (int i = 0; i < N; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    TRACE_NOW("main: waiting for the first");
    WA_AWAIT(co, wa_wait(co, f->futs, N, WA_NO_TIMEOUT, WA_FIRST_COMPLETED));
    TRACE_NOW("main: wait returned %" PRId64 " done, done=%s pending=%s", (int64_t)co->value.as.list.items[0].as.list.len,
              names(d, sizeof d, f->tasks, N, true), names(p, sizeof p, f->tasks, N, false));
    WA_AWAIT(co, f->tasks[2]);
    TRACE_NOW("main: c -> %s", co->value.as.buf.data);
    for (int i = 0; i < N; i++) wa_task_unref(f->tasks[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
