/* A gather can be a child of another gather: its result list becomes one item
 * of the outer list; its error becomes an item with return_exceptions; and
 * cancelling the outer gather cancels the inner one, which cancels its own
 * children, so every task underneath is cancelled with the same message. */
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
