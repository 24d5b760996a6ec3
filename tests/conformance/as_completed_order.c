/* as_completed yields in completion order, not argument order, each as soon
 * as it finishes.  The pre-3.13 style used here (a plain for loop awaiting
 * each item) gives the results directly. */
#include "trace.h"

#define N 4

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    char upper[2];
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: finished", f->name);
    upper[0] = (char)(f->name[0] - 'a' + 'A');
    upper[1] = '\0';
    WA_RETURN(co, wa_str(upper));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *tasks[N];
    wa_future *futs[N];
    wa_as_completed *ac;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN(loop, worker, worker_frame, .name = "a", .delay = 0.3);
    f->tasks[1] = WA_SPAWN(loop, worker, worker_frame, .name = "b", .delay = 0.1);
    f->tasks[2] = WA_SPAWN(loop, worker, worker_frame, .name = "c", .delay = 0.2);
    f->tasks[3] = WA_SPAWN(loop, worker, worker_frame, .name = "d", .delay = 0.4);
    for (int i = 0; i < N; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    TRACE_NOW("main: iterating");
    f->ac = wa_as_completed_new(co, f->futs, N, WA_NO_TIMEOUT);
    for (f->i = 0; wa_as_completed_left(f->ac); f->i++) {
        WA_AWAIT(co, wa_as_completed_next(co, f->ac));
        WA_AWAIT(co, (wa_future *)co->value.as.ptr.p);
        TRACE_NOW("main: #%d -> %s", f->i, co->value.as.buf.data);
    }
    wa_as_completed_free(f->ac);
    TRACE_NOW("main: iteration over");
    for (int i = 0; i < N; i++) wa_task_unref(f->tasks[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
