/* shield(coroutine): the coroutine becomes a task (Task-3) that the shield
 * keeps; cancelling the awaiter leaves it running to its end. */
#include "trace.h"

typedef struct {
    wa_coro co;
} inner_frame;

static wa_status inner(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("inner: runs in %s", wa_task_name(wa_current_task(wa_get_running_loop())));
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("inner: done");
    WA_RETURN(co, wa_int(42));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_shield(co, WA_CORO(inner, inner_frame)), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("waiter: cancelled");
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_RETURN(co, co->value);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *w;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->w = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: cancelling the waiter");
    wa_task_cancel(f->w, NULL);
    WA_AWAIT_TRY(co, f->w, f->err);
    TRACE_NOW("main: waiter cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->w))));
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("main: end");
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
