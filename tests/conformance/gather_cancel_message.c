/* When a cancelled gather with return_exceptions=True finishes, asyncio builds
 * its CancelledError from the LAST child in argument order (the loop variable
 * left over from building the result list), not from the child that finished
 * last: an already-finished last child gives an empty message, a cancelled
 * last child gives the message it was cancelled with. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c, *d;
    wa_future *futs[2];
    wa_future *g;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    WA_BEGIN(co);
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 5, .result = wa_str("B"), .cleanup = 1);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 0.5, .result = wa_str("A"));
    f->futs[0] = wa_task_future(f->b);
    f->futs[1] = wa_task_future(f->a);
    f->g = wa_future_ref(wa_gather(co, f->futs, 2, true));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: gather(b, a).cancel('stop') -> %s", yes(wa_future_cancel(f->g, "stop")));
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_unref(f->g);

    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 5, .result = wa_str("C"), .cleanup = 1,
                    .swallow = true);
    f->d = WA_SPAWN(loop, child, child_frame, .name = "d", .delay = 5, .result = wa_str("D"), .cleanup = 0.5);
    f->futs[0] = wa_task_future(f->c);
    f->futs[1] = wa_task_future(f->d);
    f->g = wa_future_ref(wa_gather(co, f->futs, 2, true));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: gather(c, d).cancel('halt') -> %s", yes(wa_future_cancel(f->g, "halt")));
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_result(f->futs[0], &v);
    TRACE_NOW("main: c -> %s, d.cancelled()=%s", fmt(&v), yes(wa_future_cancelled(f->futs[1])));
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
