/* wait_for of a coroutine runs it inline (3.12+): no task is made, the
 * coroutine runs in the caller's task, and when the timeout passes it is
 * the caller's task that is cancelled, which the coroutine sees at its
 * await; the caller gets TimeoutError and its cancelling() is back to 0.
 * The next task made is Task-2: wait_for made none. */
#include "trace.h"

typedef struct {
    wa_coro co;
    double delay;
    wa_error *err;
} work_frame;

static const char *current_name(void) { return wa_task_name(wa_current_task(wa_get_running_loop())); }

static wa_status work(wa_coro *co) {
    work_frame *f = (work_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("work: runs in %s", current_name());
    WA_AWAIT_TRY(co, wa_sleep(co, f->delay), f->err);
    if (f->err) {
        TRACE_NOW("work: %s in %s, cancelling=%d", wa_error_type_of(f->err)->name, current_name(),
                  wa_task_cancelling(wa_current_task(wa_get_running_loop())));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("work: done");
    WA_RETURN(co, wa_int(5));
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
    TRACE_NOW("main: wait_for(work(1), 2) in %s", current_name());
    WA_AWAIT(co, wa_wait_for(co, WA_CORO(work, work_frame, .delay = 1), 2));
    TRACE_NOW("main: -> %s", fmt(&co->value));
    TRACE_NOW("main: wait_for(work(5), 1)");
    WA_AWAIT_TRY(co, wa_wait_for(co, WA_CORO(work, work_frame, .delay = 5), 1), f->err);
    TRACE_NOW("main: %s, cause %s, cancelling=%d", wa_error_type_of(f->err)->name,
              wa_error_type_of(wa_error_cause(f->err))->name, wa_task_cancelling(wa_current_task(wa_get_running_loop())));
    f->t = WA_SPAWN(wa_get_running_loop(), work, work_frame, .delay = 0);
    TRACE_NOW("main: the next task is %s", wa_task_name(f->t));
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
