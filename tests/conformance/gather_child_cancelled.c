/* A child cancelled on its own (not through the gather) counts, without
 * return_exceptions, as a child raising CancelledError: the awaiter gets it
 * (with the child's message) as soon as the child is done, but the gather is
 * finished with that error, not cancelled, and the other children go on.
 * The gather took the child's CancelledError: awaiting the child later gives
 * a plain one. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

/* A child: sleeps delay, then returns result or raises fail(fail_msg).  If
 * cancelled while sleeping it sleeps cleanup (when > 0), then re-raises, or
 * returns result instead when swallow is set. */
typedef struct {
    wa_coro co;
    const char *name;
    double delay;
    wa_value result;
    const wa_error_type *fail;
    const char *fail_msg;
    double cleanup;
    bool swallow;
    wa_error *err, *saved;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: sleeping %g", f->name, f->delay);
    WA_AWAIT_TRY(co, wa_sleep(co, f->delay), f->err);
    if (f->err) {
        TRACE_NOW("%s: caught %s(%s)", f->name, wa_error_type_of(f->err)->name, wa_error_message(f->err));
        f->saved = wa_error_ref(f->err);
        if (f->cleanup > 0) {
            WA_AWAIT_TRY(co, wa_sleep(co, f->cleanup), f->err);
            if (f->err) {
                wa_error_unref(f->saved);
                WA_RAISE(co, wa_error_ref(f->err));
            }
            TRACE_NOW("%s: cleanup done", f->name);
        }
        if (f->swallow) {
            wa_error_unref(f->saved);
            TRACE_NOW("%s: swallowing it, returning %s", f->name, fmt(&f->result));
            WA_RETURN(co, f->result);
        }
        TRACE_NOW("%s: re-raising", f->name);
        WA_RAISE(co, f->saved);
    }
    if (f->fail) {
        TRACE_NOW("%s: raising %s(%s)", f->name, f->fail->name, f->fail_msg);
        WA_RAISE(co, wa_error_new(f->fail, "%s", f->fail_msg));
    }
    TRACE_NOW("%s: returning %s", f->name, fmt(&f->result));
    WA_RETURN(co, f->result);
    WA_END(co);
}

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
