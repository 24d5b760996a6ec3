/* Two tasks of a TaskGroup that fail in the same loop iteration both end up
 * in the ExceptionGroup, in the order they finished; an error raised by a
 * third task while it handles the group's cancellation is collected too,
 * after them.  Only the first failure cancels the parent task. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_future *gate;
    const wa_error_type *type;
    const char *message;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: waiting on gate", f->name);
    WA_AWAIT(co, f->gate);
    TRACE_NOW("%s: raising %s", f->name, f->type->name);
    WA_RAISE(co, wa_error_new(f->type, "%s", f->message));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
} slow_frame;

static wa_status slow(wa_coro *co) {
    slow_frame *f = (slow_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (!f->err) TRACE_NOW("slow: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("slow: cancelled, cleanup for 0.5");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("slow: cleanup raising RuntimeError");
    WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "cleanup failed"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_future *gate;
    wa_error *err;
} group_frame;

static wa_status group(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, waiter, waiter_frame, .name = "a", .gate = f->gate, .type = WA_VALUE_ERROR,
                       .message = "a failed");
        WA_GROUP_SPAWN(&f->tg, waiter, waiter_frame, .name = "b", .gate = f->gate, .type = WA_TYPE_ERROR,
                       .message = "b failed");
        WA_GROUP_SPAWN(&f->tg, slow, slow_frame);
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("body: opening gate");
        wa_future_set_result(f->gate, wa_none());
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("body: cancelled");
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *gate;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->gate = wa_future_new(wa_get_running_loop());
    WA_AWAIT_CALL_TRY(co, f->err, group, group_frame, .gate = f->gate);
    wa_future_unref(f->gate);
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
