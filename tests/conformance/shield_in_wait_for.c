/* wait_for(shield(t), timeout): on timeout the caller gets TimeoutError but
 * only the shield's outer future is cancelled; the task t is not, keeps
 * running and can still be awaited for its result afterwards. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} job_frame;

static wa_status job(wa_coro *co) {
    job_frame *f = (job_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 3), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("job: cancelled (not expected)");
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("job: finished");
    WA_RETURN(co, wa_str("result"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), job, job_frame);
    WA_AWAIT_TRY(co, wa_wait_for(co, wa_shield(co, f->t), 1), f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: %s, cause %s", wa_error_type_of(f->err)->name,
                  wa_error_cause(f->err) ? wa_error_type_of(wa_error_cause(f->err))->name : "NoneType");
    TRACE_NOW("main: job done=%s, cancelled=%s, cancelling=%d", yes(wa_future_done(wa_task_future(f->t))),
              yes(wa_future_cancelled(wa_task_future(f->t))), wa_task_cancelling(f->t));
    WA_AWAIT(co, f->t);
    TRACE_NOW("main: job result %s", co->value.as.buf.data);
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
