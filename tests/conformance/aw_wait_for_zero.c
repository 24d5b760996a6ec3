/* wait_for(coroutine, 0): 3.13 wraps it in a task (Task-2) and cancels that
 * task before it starts, so the coroutine never runs and TimeoutError is
 * raised from its CancelledError; the next task made is Task-3. */
#include "trace.h"

typedef struct {
    wa_coro co;
} work_frame;

static wa_status work(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("work: runs in %s", wa_task_name(wa_current_task(wa_get_running_loop())));
    WA_RETURN(co, wa_int(1));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
    wa_task *t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("main: wait_for(work(), 0)");
    WA_AWAIT_TRY(co, wa_wait_for(co, WA_CORO(work, work_frame), 0), f->err);
    TRACE_NOW("main: %s, cause %s", wa_error_type_of(f->err)->name, wa_error_type_of(wa_error_cause(f->err))->name);
    f->t = WA_SPAWN(wa_get_running_loop(), work, work_frame);
    TRACE_NOW("main: the next task is %s", wa_task_name(f->t));
    WA_AWAIT(co, f->t);
    TRACE_NOW("main: -> %s", fmt(&co->value));
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
