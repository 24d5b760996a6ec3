/* When the parent task is cancelled from outside and a group task fails, in
 * either order (a task's cleanup fails after the outside cancel; or a task
 * fails, then the outside cancel lands while the exit waits), the
 * ExceptionGroup wins over the CancelledError.  The group re-requests the
 * outside cancellation (cancelling() stays 1): the next await is cancelled. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_error *err;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!f->err) TRACE_NOW("child: not reached");
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("child: cancelled, cleanup for 0.5");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("child: cleanup raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "cleanup failed"));
    WA_END(co);
}

static wa_status failer(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("failer: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "early"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
    wa_error *saved;
} slowpoke_frame;

static wa_status slowpoke(wa_coro *co) {
    slowpoke_frame *f = (slowpoke_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("slowpoke: cancelled, cleanup for 1.0");
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 1.0));
    TRACE_NOW("slowpoke: cleanup done");
    WA_RAISE(co, f->saved);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    bool fail_first;
    wa_taskgroup tg;
    wa_error *err;
} group_frame;

static wa_status group(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        if (f->fail_first) {
            WA_GROUP_SPAWN(&f->tg, failer, child_frame);
            WA_GROUP_SPAWN(&f->tg, slowpoke, slowpoke_frame);
        } else {
            WA_GROUP_SPAWN(&f->tg, child, child_frame);
        }
        TRACE_NOW("body: sleeping 10");
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (!f->err) TRACE_NOW("body: not reached");
        if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("body: cancelled");
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    bool fail_first;
    wa_error *err;
} wrapper_frame;

static wa_status wrapper(wa_coro *co) {
    wrapper_frame *f = (wrapper_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, group, group_frame, .fail_first = f->fail_first);
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION_GROUP)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("wrapper: caught %s: %s (%zu)", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  wa_error_group_size(f->err));
        for (size_t i = 0; i < wa_error_group_size(f->err); i++) {
            wa_error *e = wa_error_group_child(f->err, i);
            TRACE_NOW("wrapper:   %s: %s", wa_error_type_of(e)->name, wa_error_message(e));
        }
    }
    TRACE_NOW("wrapper: cancelling()=%d, sleeping 1", wa_task_cancelling(wa_current_task(wa_get_running_loop())));
    WA_AWAIT_TRY(co, wa_sleep(co, 1), f->err);
    if (!f->err) TRACE_NOW("wrapper: not reached");
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("wrapper: sleep raised %s", wa_error_type_of(f->err)->name);
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
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
        f->w = WA_SPAWN(wa_get_running_loop(), wrapper, wrapper_frame, .fail_first = f->round == 1);
        WA_AWAIT(co, wa_sleep(co, 1));
        r = wa_task_cancel(f->w, NULL);
        TRACE_NOW("main: cancel wrapper -> %s", yes(r));
        WA_AWAIT_TRY(co, f->w, f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: wrapper raised %s, cancelled()=%s", wa_error_type_of(f->err)->name,
                      yes(wa_future_cancelled(wa_task_future(f->w))));
        wa_task_unref(f->w);
        WA_AWAIT(co, wa_sleep(co, 1));
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
