/* The first task of a TaskGroup that fails cancels its siblings and the body:
 * the body's await raises CancelledError at the failure time, a sibling's
 * cleanup runs (and may await), and once all are done the group raises
 * ExceptionGroup("unhandled errors in a TaskGroup") holding the error.  The
 * group's own cancellation of the parent is undone: cancelling() is 0 after. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
    wa_error *saved;
} frame;

static wa_status failer(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("failer: sleeping 1");
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("failer: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "boom"));
    WA_END(co);
}

static wa_status sibling(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("sibling: sleeping 5");
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (!f->err) TRACE_NOW("sibling: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("sibling: cancelled, cleaning up for 0.5");
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("sibling: cleanup done, re-raising");
    WA_RAISE(co, f->saved);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_error *err;
} group_frame;

static wa_status group(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, failer, frame);
        WA_GROUP_SPAWN(&f->tg, sibling, frame);
        TRACE_NOW("body: sleeping 10");
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (!f->err) TRACE_NOW("body: not reached");
        if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        TRACE_NOW("body: %s, re-raising", wa_error_type_of(f->err)->name);
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    TRACE_NOW("group: not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, group, group_frame);
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION_GROUP)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("main: caught %s: %s (%zu)", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  wa_error_group_size(f->err));
        for (size_t i = 0; i < wa_error_group_size(f->err); i++) {
            wa_error *e = wa_error_group_child(f->err, i);
            TRACE_NOW("main:   %s: %s", wa_error_type_of(e)->name, wa_error_message(e));
        }
    }
    TRACE_NOW("main: cancelling()=%d", wa_task_cancelling(wa_current_task(wa_get_running_loop())));
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("main: still running, done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
