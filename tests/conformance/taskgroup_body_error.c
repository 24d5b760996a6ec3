/* An error raised by the body of a TaskGroup (not by a task) also aborts the
 * group: its tasks are cancelled and waited for, and the error goes into the
 * ExceptionGroup after the tasks' errors (here a task whose cleanup fails),
 * since the body's error is added last, when the group exits. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
    wa_error *saved;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (!f->err) TRACE_NOW("worker: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("worker: cancelled, cleanup for 0.5");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("worker: cleanup raising RuntimeError");
    WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "worker cleanup failed"));
    WA_END(co);
}

static wa_status quiet(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.25));
    TRACE_NOW("quiet: cancelled, cleanup done");
    WA_RAISE(co, f->saved);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
} group_frame;

static wa_status group(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, worker, frame);
        WA_GROUP_SPAWN(&f->tg, quiet, frame);
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("body: raising ValueError");
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "body failed"));
    }
    WA_WITH_END(co);
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
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
