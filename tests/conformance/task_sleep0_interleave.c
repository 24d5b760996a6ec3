/* sleep(0) gives the loop exactly one iteration: two tasks that print and
 * yield alternate step by step, in lockstep with a callback that re-queues
 * itself once per iteration. */
#include "trace.h"

static int ticks;

static void tick(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "tick %d", ticks);
    if (ticks++ < 4) wa_call_soon(loop, tick, NULL, NULL);
}

typedef struct {
    wa_coro co;
    const char *name;
    int rounds, i;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < f->rounds; f->i++) {
        TRACE_NOW("%s round %d", f->name, f->i);
        WA_YIELD(co);
    }
    TRACE_NOW("%s done", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *a, *b;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, worker, worker_frame, .name = "A", .rounds = 3);
    wa_call_soon(loop, tick, NULL, NULL);
    f->b = WA_SPAWN(loop, worker, worker_frame, .name = "B", .rounds = 2);
    WA_AWAIT(co, f->a);
    TRACE_NOW("main: A finished");
    WA_AWAIT(co, f->b);
    TRACE_NOW("main: B finished");
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
