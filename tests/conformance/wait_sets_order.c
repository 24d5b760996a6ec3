/* wait() returns its done and pending sets: the futures given, each once,
 * split by done() as wait returns.  FIRST_COMPLETED after the second of
 * four finishes; then ALL_COMPLETED over the rest.  (Python's sets have no
 * order: the twin prints them in argument order, as the C lists come.) */
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
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

static const char *const name[4] = {"a", "b", "c", "d"};
static wa_future *futs[4];

/* "[a, b]": the names of the tasks in one of wait's lists. */
static const char *names(char *buf, size_t size, wa_value set) {
    size_t len = 0;
    buf[len++] = '[';
    for (size_t i = 0; i < set.as.list.len; i++) {
        int k = 0;
        while (futs[k] != set.as.list.items[i].as.ptr.p) k++;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", name[k]);
    }
    snprintf(buf + len, size - len, "]");
    return buf;
}

typedef struct {
    wa_coro co;
    wa_task *tasks[4];
    wa_future *rest[4];
    size_t nrest;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const double delay[4] = {3, 1, 2, 1};
    char d[64], p[64];
    WA_BEGIN(co);
    for (int i = 0; i < 4; i++) {
        f->tasks[i] = WA_SPAWN_NAMED(wa_get_running_loop(), name[i], worker, worker_frame, .name = name[i],
                                     .delay = delay[i]);
        futs[i] = wa_task_future(f->tasks[i]);
    }
    WA_AWAIT(co, wa_wait(co, futs, 4, WA_NO_TIMEOUT, WA_FIRST_COMPLETED));
    TRACE_NOW("main: done=%s pending=%s", names(d, sizeof d, co->value.as.list.items[0]),
              names(p, sizeof p, co->value.as.list.items[1]));
    for (size_t i = 0; i < co->value.as.list.items[1].as.list.len; i++)
        f->rest[f->nrest++] = co->value.as.list.items[1].as.list.items[i].as.ptr.p;
    WA_AWAIT(co, wa_wait(co, f->rest, f->nrest, WA_NO_TIMEOUT, WA_ALL_COMPLETED));
    TRACE_NOW("main: done=%s pending=%s", names(d, sizeof d, co->value.as.list.items[0]),
              names(p, sizeof p, co->value.as.list.items[1]));
    for (int i = 0; i < 4; i++) {
        wa_value v;
        wa_future_result(futs[i], &v);
        TRACE_NOW("main: %s -> %s", name[i], v.as.buf.data);
        wa_task_unref(f->tasks[i]);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
