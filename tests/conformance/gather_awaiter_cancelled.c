/* Cancelling the task that awaits a gather cancels the gather, which cancels
 * every child with the same message.  The awaiting task gets CancelledError
 * as soon as the first child has finished cancelled, and ends cancelled; the
 * other child finishes its cleanup afterwards. */
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
