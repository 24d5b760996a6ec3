/* A gather can be a child of another gather: its result list becomes one item
 * of the outer list; its error becomes an item with return_exceptions; and
 * cancelling the outer gather cancels the inner one, which cancels its own
 * children, so every task underneath is cancelled with the same message. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_coro co;
    wa_task *t[3];
    wa_future *futs[2];
    wa_future *inner, *outer;
    wa_error *err;
} main_frame;

static void unref3(main_frame *f) {
    for (int i = 0; i < 3; i++) wa_task_unref(f->t[i]);
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t[0] = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 2, .result = wa_str("A"));
    f->t[1] = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 1, .result = wa_str("B"));
    f->t[2] = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 0.5, .result = wa_str("C"));
    f->futs[0] = wa_task_future(f->t[0]);
    f->futs[1] = wa_task_future(f->t[1]);
    f->inner = wa_future_ref(wa_gather(co, f->futs, 2, false));
    f->futs[0] = f->inner;
    f->futs[1] = wa_task_future(f->t[2]);
    WA_AWAIT(co, wa_gather(co, f->futs, 2, false));
    TRACE_NOW("main: gather(gather(a, b), c) -> %s", fmt(&co->value));
    wa_future_unref(f->inner);
    unref3(f);

    f->t[0] = WA_SPAWN(loop, child, child_frame, .name = "d", .delay = 1, .result = wa_str("D"));
    f->t[1] = WA_SPAWN(loop, child, child_frame, .name = "e", .delay = 0.5, .fail = WA_VALUE_ERROR, .fail_msg = "e failed");
    f->t[2] = WA_SPAWN(loop, child, child_frame, .name = "x", .delay = 2, .result = wa_str("X"));
    f->futs[0] = wa_task_future(f->t[0]);
    f->futs[1] = wa_task_future(f->t[1]);
    f->inner = wa_future_ref(wa_gather(co, f->futs, 2, false));
    f->futs[0] = f->inner;
    f->futs[1] = wa_task_future(f->t[2]);
    WA_AWAIT(co, wa_gather(co, f->futs, 2, true));
    TRACE_NOW("main: gather(gather(d, e), x, return_exceptions=True) -> %s", fmt(&co->value));
    wa_future_unref(f->inner);
    unref3(f);

    f->t[0] = WA_SPAWN(loop, child, child_frame, .name = "g1", .delay = 5, .result = wa_str("G1"));
    f->t[1] = WA_SPAWN(loop, child, child_frame, .name = "g2", .delay = 5, .result = wa_str("G2"));
    f->t[2] = WA_SPAWN(loop, child, child_frame, .name = "h", .delay = 5, .result = wa_str("H"));
    f->futs[0] = wa_task_future(f->t[0]);
    f->futs[1] = wa_task_future(f->t[1]);
    f->inner = wa_future_ref(wa_gather(co, f->futs, 2, false));
    f->futs[0] = f->inner;
    f->futs[1] = wa_task_future(f->t[2]);
    f->outer = wa_future_ref(wa_gather(co, f->futs, 2, false));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: outer.cancel('deep') -> %s", yes(wa_future_cancel(f->outer, "deep")));
    WA_AWAIT_TRY(co, f->outer, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: outer raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: inner done=%s cancelled=%s", yes(wa_future_done(f->inner)), yes(wa_future_cancelled(f->inner)));
    TRACE_NOW("main: cancelled g1=%s g2=%s h=%s", yes(wa_future_cancelled(wa_task_future(f->t[0]))),
              yes(wa_future_cancelled(wa_task_future(f->t[1]))), yes(wa_future_cancelled(wa_task_future(f->t[2]))));
    wa_future_unref(f->inner);
    wa_future_unref(f->outer);
    unref3(f);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
