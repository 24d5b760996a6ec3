/* The awaiter of shield(inner) is cancelled; the inner task goes on and
 * later fails: its error is not lost but stays on the inner task, readable
 * with exception() and raised again when the task is awaited. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *j;
    wa_error *err;
} frame;

static wa_status job(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("job: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "job failed"));
    WA_END(co);
}

static wa_status waiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_shield(co, f->j), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("waiter: cancelled");
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
    wa_error *e = NULL;
    WA_BEGIN(co);
    f->j = WA_SPAWN(wa_get_running_loop(), job, frame);
    f->w = WA_SPAWN(wa_get_running_loop(), waiter, frame, .j = f->j);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_task_cancel(f->w, NULL);
    WA_AWAIT_TRY(co, f->w, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: waiter cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->w))));
    WA_AWAIT(co, wa_sleep(co, 3));
    wa_future_exception(wa_task_future(f->j), &e);
    TRACE_NOW("main: job done=%s, exception %s: %s", yes(wa_future_done(wa_task_future(f->j))),
              e ? wa_error_type_of(e)->name : "NoneType", wa_error_message(e));
    WA_AWAIT_TRY(co, f->j, f->err);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: awaiting job raised %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_task_unref(f->j);
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
