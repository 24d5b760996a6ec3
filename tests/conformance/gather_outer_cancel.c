/* gather().cancel(msg) cancels every child not yet done and returns True; the
 * gather itself stays pending until a child reports.  Without
 * return_exceptions the first child to finish cancelled fails the gather, so
 * the awaiter gets CancelledError(msg) while a slower child is still cleaning
 * up; the gather is then done but not cancelled(), a child that had already
 * finished keeps its result, and cancel() returns False.  So does cancel() on
 * a gather still pending whose children are all done, which then succeeds. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

static void cancel_gather(wa_loop *loop, void *g) {
    bool r = wa_future_cancel(g, "stop");
    TRACE(loop, "timer: g.cancel('stop') -> %s, g.done()=%s", yes(r), yes(wa_future_done(g)));
}

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c;
    wa_future *futs[3];
    wa_future *g, *p;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value va;
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 0.5, .result = wa_str("A"));
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 5, .result = wa_str("B"), .cleanup = 0.5);
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 5, .result = wa_str("C"), .cleanup = 1);
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = wa_task_future(f->b);
    f->futs[2] = wa_task_future(f->c);
    f->g = wa_future_ref(wa_gather(co, f->futs, 3, false));
    wa_call_later(loop, 1, cancel_gather, f->g, NULL);
    TRACE_NOW("main: awaiting gather(a, b, c)");
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    TRACE_NOW("main: g.done()=%s g.cancelled()=%s c.done()=%s", yes(wa_future_done(f->g)),
              yes(wa_future_cancelled(f->g)), yes(wa_future_done(f->futs[2])));
    TRACE_NOW("main: g.cancel() again -> %s", yes(wa_future_cancel(f->g, NULL)));
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_future_result(f->futs[0], &va);
    TRACE_NOW("main: a -> %s, b.cancelled()=%s, c.cancelled()=%s", va.as.buf.data,
              yes(wa_future_cancelled(f->futs[1])), yes(wa_future_cancelled(f->futs[2])));
    wa_future_unref(f->g);

    f->p = wa_future_new(loop);
    f->g = wa_future_ref(wa_gather(co, &f->p, 1, false));
    wa_future_set_result(f->p, wa_str("P"));
    {
        bool done = wa_future_done(f->g);
        bool r = wa_future_cancel(f->g, NULL);
        TRACE_NOW("main: p set, gather(p).done()=%s, gather(p).cancel() -> %s", yes(done), yes(r));
    }
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: await gather(p) -> %s", fmt(&co->value));
    wa_future_unref(f->g);
    wa_future_unref(f->p);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
