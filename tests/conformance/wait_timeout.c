/* wait(timeout=...) returns when the timeout passes with the unfinished
 * tasks in pending: it raises nothing and cancels nothing.  The pending tasks
 * keep running and finish later with their results. */
#include <ctype.h>
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
    char upper[16];
    size_t i;
    WA_BEGIN(co);
    TRACE_NOW("%s: sleeping %.1f", f->name, f->delay);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: finished", f->name);
    for (i = 0; f->name[i] && i + 1 < sizeof upper; i++) upper[i] = (char)toupper((unsigned char)f->name[i]);
    upper[i] = '\0';
    WA_RETURN(co, wa_str(upper));
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
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    char d[64], p[64];
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN_NAMED(loop, "fast", worker, worker_frame, .name = "fast", .delay = 0.2);
    f->tasks[1] = WA_SPAWN_NAMED(loop, "slow", worker, worker_frame, .name = "slow", .delay = 1.0);
    f->tasks[2] = WA_SPAWN_NAMED(loop, "slower", worker, worker_frame, .name = "slower", .delay = 1.5);
    for (int i = 0; i < N; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    TRACE_NOW("main: waiting with timeout 0.5");
    WA_AWAIT(co, wa_wait(co, f->futs, N, 0.5, WA_ALL_COMPLETED));
    TRACE_NOW("main: wait returned %" PRId64 " done, done=%s pending=%s", (int64_t)co->value.as.list.items[0].as.list.len,
              names(d, sizeof d, f->tasks, N, true), names(p, sizeof p, f->tasks, N, false));
    for (int i = 1; i < N; i++)
        TRACE_NOW("main: %s done=%s cancelled=%s", wa_task_name(f->tasks[i]), yes(wa_future_done(f->futs[i])),
                  yes(wa_future_cancelled(f->futs[i])));
    for (f->i = 1; f->i < N; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        TRACE_NOW("main: %s -> %s", wa_task_name(f->tasks[f->i]), co->value.as.buf.data);
    }
    for (int i = 0; i < N; i++) wa_task_unref(f->tasks[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
