/* The documented pattern: `res = await shield(t)` inside try/except
 * CancelledError lets a task ride out a cancellation and continue: it then
 * awaits t itself and returns the result.  The task ends normally (not
 * cancelled) but keeps cancelling() == 1, since it never uncancelled. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *j;
    int64_t res;
    wa_error *err;
} frame;

static wa_status job(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("job: done");
    WA_RETURN(co, wa_int(7));
    WA_END(co);
}

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_shield(co, f->j), f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("worker: cancelled; waiting for the job anyway");
        WA_AWAIT(co, f->j);
    }
    f->res = co->value.as.i;
    TRACE_NOW("worker: res=%" PRId64, f->res);
    WA_RETURN(co, wa_int(f->res * 6));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *j, *w;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->j = WA_SPAWN(wa_get_running_loop(), job, frame);
    f->w = WA_SPAWN(wa_get_running_loop(), worker, frame, .j = f->j);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->w, NULL);
    WA_AWAIT(co, f->w);
    TRACE_NOW("main: worker returned %" PRId64 ", cancelled=%s, cancelling=%d", co->value.as.i,
              yes(wa_future_cancelled(wa_task_future(f->w))), wa_task_cancelling(f->w));
    wa_task_unref(f->j);
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
