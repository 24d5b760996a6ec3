/* Cancelling a task that awaits shield(inner) cancels only the shield's outer
 * future: the awaiter gets CancelledError (with the cancel message) at once,
 * while the inner task keeps running, finishes later, and its result is
 * still there to read. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *j;
    wa_error *err;
} frame;

static wa_status job(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("job: working for 2");
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("job: finished, returning 42");
    WA_RETURN(co, wa_int(42));
    WA_END(co);
}

static wa_status waiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_shield(co, f->j), f->err);
    if (!f->err) TRACE_NOW("waiter: not reached");
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("waiter: CancelledError '%s'", wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *j, *w;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    bool r;
    WA_BEGIN(co);
    f->j = WA_SPAWN(wa_get_running_loop(), job, frame);
    f->w = WA_SPAWN(wa_get_running_loop(), waiter, frame, .j = f->j);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    r = wa_task_cancel(f->w, "enough");
    TRACE_NOW("main: cancel waiter -> %s", yes(r));
    WA_AWAIT_TRY(co, f->w, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: waiter cancelled=%s, job done=%s", yes(wa_future_cancelled(wa_task_future(f->w))),
                  yes(wa_future_done(wa_task_future(f->j))));
    WA_AWAIT(co, f->j);
    TRACE_NOW("main: job result %" PRId64 ", cancelled=%s, cancelling=%d", co->value.as.i,
              yes(wa_future_cancelled(wa_task_future(f->j))), wa_task_cancelling(f->j));
    wa_task_unref(f->j);
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
