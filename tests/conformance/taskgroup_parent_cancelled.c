/* Cancelling the task that runs a TaskGroup, while in the body or while the
 * exit waits for the tasks, cancels the group's tasks, waits for their
 * cleanup, and propagates a plain CancelledError (with the cancel message),
 * not an ExceptionGroup; the task's cancelling() stays 1 and it ends cancelled. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double cleanup;
    wa_error *err;
    wa_error *saved;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!f->err) TRACE_NOW("%s: not reached", f->name);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, f->cleanup));
    TRACE_NOW("%s: cancelled, cleanup done", f->name);
    WA_RAISE(co, f->saved);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    bool in_body;
    wa_taskgroup tg;
    wa_error *err;
} group_frame;

static wa_status group(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, child, child_frame, .name = "c1", .cleanup = 0.2);
        WA_GROUP_SPAWN(&f->tg, child, child_frame, .name = "c2", .cleanup = 0.4);
        if (f->in_body) {
            TRACE_NOW("body: sleeping 10");
            WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
            if (wa_error_is(f->err, WA_CANCELLED_ERROR))
                TRACE_NOW("body: %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
            if (f->err) WA_RAISE(co, wa_error_ref(f->err));
        } else {
            TRACE_NOW("body: leaving at once");
        }
    }
    WA_WITH_END(co);
    TRACE_NOW("group: not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    bool in_body;
    wa_error *err;
} wrapper_frame;

static wa_status wrapper(wa_coro *co) {
    wrapper_frame *f = (wrapper_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, group, group_frame, .in_body = f->in_body);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) {
        int n = wa_task_cancelling(wa_current_task(wa_get_running_loop()));
        TRACE_NOW("wrapper: group raised %s: %s, cancelling()=%d", wa_error_type_of(f->err)->name,
                  wa_error_message(f->err), n);
        WA_RAISE(co, wa_error_ref(f->err));
    }
    if (f->err) TRACE_NOW("wrapper: group raised %s", wa_error_type_of(f->err)->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int round;
    wa_task *w;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    bool r;
    WA_BEGIN(co);
    for (f->round = 0; f->round < 2; f->round++) {
        f->w = WA_SPAWN(wa_get_running_loop(), wrapper, wrapper_frame, .in_body = f->round == 0);
        WA_AWAIT(co, wa_sleep(co, 1));
        r = wa_task_cancel(f->w, "stop");
        TRACE_NOW("main: cancel wrapper -> %s", yes(r));
        WA_AWAIT_TRY(co, f->w, f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: wrapper raised %s: %s, cancelled()=%s", wa_error_type_of(f->err)->name,
                      wa_error_message(f->err), yes(wa_future_cancelled(wa_task_future(f->w))));
        wa_task_unref(f->w);
        WA_AWAIT(co, wa_sleep(co, 1));
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
