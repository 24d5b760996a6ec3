/* A child cancelled on its own (not through the gather) counts, without
 * return_exceptions, as a child raising CancelledError: the awaiter gets it
 * (with the child's message) as soon as the child is done, but the gather is
 * finished with that error, not cancelled, and the other children go on.
 * The gather took the child's CancelledError: awaiting the child later gives
 * a plain one. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

static void cancel_b(wa_loop *loop, void *arg) {
    TRACE(loop, "timer: b.cancel('b off') -> %s", yes(wa_task_cancel(arg, "b off")));
}

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c;
    wa_future *futs[3];
    wa_future *g;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value va, vc;
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 1, .result = wa_str("A"));
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 5, .result = wa_str("B"), .cleanup = 0.25);
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 2, .result = wa_str("C"));
    wa_call_later(loop, 0.5, cancel_b, f->b, NULL);
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = wa_task_future(f->b);
    f->futs[2] = wa_task_future(f->c);
    f->g = wa_future_ref(wa_gather(co, f->futs, 3, false));
    TRACE_NOW("main: awaiting gather(a, b, c)");
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: g.done()=%s g.cancelled()=%s main cancelling=%d", yes(wa_future_done(f->g)),
              yes(wa_future_cancelled(f->g)), wa_task_cancelling(wa_current_task(loop)));
    TRACE_NOW("main: a.done()=%s b.cancelled()=%s c.done()=%s", yes(wa_future_done(f->futs[0])),
              yes(wa_future_cancelled(f->futs[1])), yes(wa_future_done(f->futs[2])));
    WA_AWAIT(co, wa_sleep(co, 3));
    wa_future_result(f->futs[0], &va);
    wa_future_result(f->futs[2], &vc);
    TRACE_NOW("main: a -> %s, c -> %s", va.as.buf.data, vc.as.buf.data);
    WA_AWAIT_TRY(co, f->b, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: await b raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_unref(f->g);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
