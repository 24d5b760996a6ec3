/* shield protects the inner from the awaiter's cancellation, not the other
 * way round: cancelling the inner task itself cancels the shield's outer
 * future, and the awaiter gets a CancelledError (without the inner's
 * message: the outer is cancelled afresh) once the inner has finished. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *j;
    wa_error *err;
} frame;

static wa_status job(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("job: cancelled '%s'", wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
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
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->j, "direct");
    TRACE_NOW("main: cancel job -> %s", yes(r));
    WA_AWAIT_TRY(co, f->w, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: waiter raised CancelledError '%s'", wa_error_message(f->err));
    TRACE_NOW("main: job cancelled=%s, waiter cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->j))),
              yes(wa_future_cancelled(wa_task_future(f->w))));
    wa_task_unref(f->j);
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
