/* With return_exceptions=True a child cancelled on its own becomes a
 * CancelledError item and the gather still waits for the others.  The item is
 * made from the child's cancel message: a plain future's cancel(msg) shows,
 * but a task's does not (its message travels in the error it raised, which
 * awaiting the task afterwards still gives). */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_future *fut;
    wa_task *b;
} victims;

static void cancel_some(wa_loop *loop, void *arg) {
    victims *v = arg;
    TRACE(loop, "timer: fut.cancel('fut off') -> %s", yes(wa_future_cancel(v->fut, "fut off")));
    TRACE(loop, "timer: b.cancel('b off') -> %s", yes(wa_task_cancel(v->b, "b off")));
}

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c;
    victims v;
    wa_future *futs[4];
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 1, .result = wa_str("A"));
    f->v.fut = wa_future_new(loop);
    f->b = f->v.b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 5, .result = wa_str("B"), .cleanup = 0.25);
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 2, .result = wa_str("C"));
    wa_call_later(loop, 0.5, cancel_some, &f->v, NULL);
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = f->v.fut;
    f->futs[2] = wa_task_future(f->b);
    f->futs[3] = wa_task_future(f->c);
    TRACE_NOW("main: awaiting gather(a, fut, b, c, return_exceptions=True)");
    WA_AWAIT(co, wa_gather(co, f->futs, 4, true));
    for (size_t i = 0; i < co->value.as.list.len; i++)
        TRACE_NOW("main: item %zu: %s", i, fmt(&co->value.as.list.items[i]));
    TRACE_NOW("main: fut.cancelled()=%s b.cancelled()=%s", yes(wa_future_cancelled(f->v.fut)),
              yes(wa_future_cancelled(f->futs[2])));
    WA_AWAIT_TRY(co, f->b, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: await b raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_unref(f->v.fut);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
