/* wait(FIRST_EXCEPTION) does not return when a task merely completes: it
 * returns when the first task raises, with the failed and the completed
 * tasks in done and the rest still pending (and still running); exception()
 * then reads the error without raising. */
#include <inttypes.h>

#include "trace.h"

#define N 3

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
    bool fail;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    if (f->fail) {
        TRACE_NOW("%s: raising ValueError", f->name);
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s failed", f->name));
    }
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
    wa_error *e;
    wa_value v;
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN_NAMED(loop, "ok", worker, worker_frame, .name = "ok", .delay = 0.1);
    f->tasks[1] = WA_SPAWN_NAMED(loop, "bad", worker, worker_frame, .name = "bad", .delay = 0.2, .fail = true);
    f->tasks[2] = WA_SPAWN_NAMED(loop, "slow", worker, worker_frame, .name = "slow", .delay = 0.5);
    for (int i = 0; i < N; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    TRACE_NOW("main: waiting for the first exception");
    WA_AWAIT(co, wa_wait(co, f->futs, N, WA_NO_TIMEOUT, WA_FIRST_EXCEPTION));
    TRACE_NOW("main: wait returned %" PRId64 " done, done=%s pending=%s", (int64_t)co->value.as.list.items[0].as.list.len,
              names(d, sizeof d, f->tasks, N, true), names(p, sizeof p, f->tasks, N, false));
    wa_future_exception(f->futs[1], &e);
    TRACE_NOW("main: bad.exception() is %s: %s", wa_error_type_of(e)->name, wa_error_message(e));
    wa_future_result(f->futs[0], &v);
    TRACE_NOW("main: ok -> %s", v.as.buf.data);
    WA_AWAIT(co, f->tasks[2]);
    TRACE_NOW("main: slow -> %s", co->value.as.buf.data);
    for (int i = 0; i < N; i++) wa_task_unref(f->tasks[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
