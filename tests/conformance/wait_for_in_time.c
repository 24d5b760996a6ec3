/* wait_for returns the awaited task's result when it finishes before the
 * timeout; the timeout is disarmed on the way out, so the caller is not
 * cancelled later and the task is not cancelled either. */
#include "trace.h"

typedef struct {
    wa_coro co;
} worker_frame;

static wa_status worker(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("worker: working for 0.5");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("worker: returning 'done'");
    WA_RETURN(co, wa_str("done"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), worker, worker_frame);
    TRACE_NOW("main: wait_for(worker, 2)");
    WA_AWAIT(co, wa_wait_for(co, f->t, 2));
    TRACE_NOW("main: wait_for returned %s", co->value.as.buf.data);
    TRACE_NOW("main: worker cancelled=%s, cancelling=%d", yes(wa_future_cancelled(wa_task_future(f->t))),
              wa_task_cancelling(f->t));
    wa_task_unref(f->t);
    WA_AWAIT(co, wa_sleep(co, 3));
    TRACE_NOW("main: still running, cancelling=%d", wa_task_cancelling(co->task));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
