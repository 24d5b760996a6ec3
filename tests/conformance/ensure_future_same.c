/* ensure_future() of something that already is a future returns that very
 * object, for a task or a plain future, with or without its own loop given;
 * awaiting the returned object is awaiting the original.  Naming a loop the
 * future does not belong to is rejected. */
#include "trace.h"

typedef struct {
    wa_coro co;
} frame;

static wa_status work(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_RETURN(co, wa_str("task value"));
    WA_END(co);
}

static void set_value(wa_loop *loop, void *fut) {
    (void)loop;
    wa_future_set_result(fut, wa_str("fut value"));
}

typedef struct {
    wa_coro co;
    wa_task *task;
    wa_future *fut;
    wa_future *same_task, *same_fut;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_loop *other;
    wa_future *foreign, *got;
    WA_BEGIN(co);
    f->task = WA_SPAWN(loop, work, frame);
    f->fut = wa_future_new(loop);
    f->same_task = WA_ENSURE_FUTURE(NULL, f->task);
    f->same_fut = WA_ENSURE_FUTURE(loop, f->fut);
    TRACE_NOW("ensure_future(task) is task: %s", yes(f->same_task == wa_task_future(f->task)));
    TRACE_NOW("ensure_future(fut, loop=loop) is fut: %s", yes(f->same_fut == f->fut));
    wa_call_later(loop, 0.5, set_value, f->fut, NULL);
    WA_AWAIT(co, f->same_fut);
    TRACE_NOW("await ensure_future(fut) -> %s, fut.done()=%s", co->value.as.buf.data, yes(wa_future_done(f->fut)));
    WA_AWAIT(co, f->same_task);
    TRACE_NOW("await ensure_future(task) -> %s, task.done()=%s", co->value.as.buf.data,
              yes(wa_future_done(wa_task_future(f->task))));
    other = conf_loop_new();
    foreign = wa_future_new(other);
    got = WA_ENSURE_FUTURE(loop, foreign);
    if (got) TRACE_NOW("foreign future accepted (not reached)");
    else TRACE_NOW("ensure_future(foreign, loop=loop) rejected");
    wa_future_unref(got);
    wa_future_unref(foreign);
    wa_loop_free(other);
    wa_future_unref(f->same_task);
    wa_future_unref(f->same_fut);
    wa_future_unref(f->fut);
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
