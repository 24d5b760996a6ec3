/* Cancelling the task that awaits a gather cancels the gather, which cancels
 * every child with the same message.  The awaiting task gets CancelledError
 * as soon as the first child has finished cancelled, and ends cancelled; the
 * other child finishes its cleanup afterwards. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_coro co;
    wa_future *futs[2];
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("waiter: awaiting gather(a, b)");
    WA_AWAIT_TRY(co, wa_gather(co, f->futs, 2, false), f->err);
    if (!f->err) TRACE_NOW("waiter: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("waiter: caught %s(%s), re-raising", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *a, *b, *w;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 5, .result = wa_str("A"), .cleanup = 0.5);
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 5, .result = wa_str("B"), .cleanup = 1);
    f->w = WA_SPAWN(loop, waiter, waiter_frame, .futs = {wa_task_future(f->a), wa_task_future(f->b)});
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: w.cancel('halt') -> %s", yes(wa_task_cancel(f->w, "halt")));
    WA_AWAIT_TRY(co, f->w, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: await w raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: w.cancelled()=%s a.cancelled()=%s b.done()=%s", yes(wa_future_cancelled(wa_task_future(f->w))),
              yes(wa_future_cancelled(wa_task_future(f->a))), yes(wa_future_done(wa_task_future(f->b))));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: b.cancelled()=%s", yes(wa_future_cancelled(wa_task_future(f->b))));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
