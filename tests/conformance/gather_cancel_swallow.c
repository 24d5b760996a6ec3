/* A cancelled gather raises CancelledError even if a child swallows its
 * cancellation and returns a value.  With return_exceptions=True the gather
 * waits for every child (one re-raising, one swallowing) before raising; the
 * swallowing child keeps its result and the gather is done, not cancelled.
 * With a single swallowing child and no return_exceptions it is the same. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c, *d;
    wa_future *futs[3];
    wa_future *g;
    wa_error *err;
} main_frame;

static const char *result_of(wa_task *t) {
    wa_value v;
    return wa_future_result(wa_task_future(t), &v) == 0 && v.kind == WA_KIND_STR ? v.as.buf.data : "?";
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 0.5, .result = wa_str("A"));
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 5, .result = wa_str("B"), .cleanup = 0.5);
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 5, .result = wa_str("C"), .cleanup = 1,
                    .swallow = true);
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = wa_task_future(f->b);
    f->futs[2] = wa_task_future(f->c);
    f->g = wa_future_ref(wa_gather(co, f->futs, 3, true));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: g.cancel('stop') -> %s", yes(wa_future_cancel(f->g, "stop")));
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: g.cancelled()=%s a -> %s, b.cancelled()=%s, c -> %s", yes(wa_future_cancelled(f->g)),
              result_of(f->a), yes(wa_future_cancelled(f->futs[1])), result_of(f->c));
    wa_future_unref(f->g);

    f->d = WA_SPAWN(loop, child, child_frame, .name = "d", .delay = 5, .result = wa_str("D"), .cleanup = 0.5,
                    .swallow = true);
    f->futs[0] = wa_task_future(f->d);
    f->g = wa_future_ref(wa_gather(co, f->futs, 1, false));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: g.cancel('halt') -> %s", yes(wa_future_cancel(f->g, "halt")));
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!f->err) TRACE_NOW("main: not reached %s", fmt(&co->value));
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: g.cancelled()=%s d.cancelled()=%s d -> %s", yes(wa_future_cancelled(f->g)),
              yes(wa_future_cancelled(f->futs[0])), result_of(f->d));
    wa_future_unref(f->g);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    wa_task_unref(f->d);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
