/* When a cancelled gather with return_exceptions=True finishes, asyncio builds
 * its CancelledError from the LAST child in argument order (the loop variable
 * left over from building the result list), not from the child that finished
 * last: an already-finished last child gives an empty message, a cancelled
 * last child gives the message it was cancelled with. */
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
