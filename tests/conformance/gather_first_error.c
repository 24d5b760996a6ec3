/* Without return_exceptions the first child error fails the gather at once:
 * the awaiter gets that error while the other children keep running (one
 * returns later, one fails later), and the gather stays done with the first
 * error; the later failure changes nothing. */
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
    wa_task *a, *b, *c;
    wa_future *futs[3];
    wa_future *g;
    wa_error *err;
} main_frame;

static const char *err_text(wa_error *e) {
    static char buf[128];
    snprintf(buf, sizeof buf, "%s(%s)", wa_error_type_of(e)->name, wa_error_message(e));
    return buf;
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *exc;
    wa_value v;
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 1, .fail = WA_VALUE_ERROR, .fail_msg = "a failed");
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 2, .result = wa_str("B"));
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 3, .fail = WA_RUNTIME_ERROR, .fail_msg = "c failed");
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = wa_task_future(f->b);
    f->futs[2] = wa_task_future(f->c);
    f->g = wa_future_ref(wa_gather(co, f->futs, 3, false));
    TRACE_NOW("main: awaiting gather(a, b, c)");
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (!wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s", err_text(f->err));
    wa_future_exception(f->g, &exc);
    TRACE_NOW("main: gather done=%s cancelled=%s exception=%s", yes(wa_future_done(f->g)),
              yes(wa_future_cancelled(f->g)), err_text(exc));
    TRACE_NOW("main: b done=%s, c done=%s", yes(wa_future_done(f->futs[1])), yes(wa_future_done(f->futs[2])));
    WA_AWAIT(co, wa_sleep(co, 5));
    wa_future_result(f->futs[1], &v);
    wa_future_exception(f->futs[2], &exc);
    TRACE_NOW("main: b result=%s, c exception=%s", fmt(&v), err_text(exc));
    wa_future_exception(f->g, &exc);
    TRACE_NOW("main: gather exception still %s", err_text(exc));
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
