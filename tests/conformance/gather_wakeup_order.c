/* When a child finishes, a task awaiting that child directly wakes one loop
 * iteration before the task awaiting a gather of it, whichever registered
 * first: the child's done callbacks run in registration order, and the
 * gather's callback only schedules the wake-up of its awaiter. */
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
    const char *name;
    wa_task *task;
} direct_frame;

static wa_status direct(wa_coro *co) {
    direct_frame *f = (direct_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: awaiting the child directly", f->name);
    WA_AWAIT(co, f->task);
    TRACE_NOW("%s: woke with %s", f->name, fmt(&co->value));
    WA_END(co);
}

static void done_cb(wa_future *fut, void *arg) {
    (void)arg;
    TRACE(wa_future_loop(fut), "c done callback");
}

typedef struct {
    wa_coro co;
    wa_task *c, *t;
    wa_future *fut;
    wa_future *g;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 1, .result = wa_str("C"));
    f->fut = wa_task_future(f->c);
    f->g = wa_future_ref(wa_gather(co, &f->fut, 1, false));
    wa_future_add_done_callback(f->fut, done_cb, NULL);
    f->t = WA_SPAWN(loop, direct, direct_frame, .name = "t", .task = f->c);
    TRACE_NOW("main: awaiting gather(c) (registered before t)");
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: woke with %s", fmt(&co->value));
    wa_future_unref(f->g);
    WA_AWAIT(co, f->t);
    wa_task_unref(f->c);
    wa_task_unref(f->t);

    f->c = WA_SPAWN(loop, child, child_frame, .name = "d", .delay = 1, .result = wa_str("D"));
    f->t = WA_SPAWN(loop, direct, direct_frame, .name = "u", .task = f->c);
    WA_YIELD(co);
    TRACE_NOW("main: awaiting gather(d) (registered after u)");
    f->fut = wa_task_future(f->c);
    WA_AWAIT(co, wa_gather(co, &f->fut, 1, false));
    TRACE_NOW("main: woke with %s", fmt(&co->value));
    WA_AWAIT(co, f->t);
    wa_task_unref(f->c);
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
