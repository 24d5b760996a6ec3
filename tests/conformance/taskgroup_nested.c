/* Nested TaskGroups: a task of the outer group runs an inner group whose task
 * fails; the inner group raises its ExceptionGroup, which fails that task, so
 * the outer group aborts and its own ExceptionGroup holds the inner group as
 * a nested ExceptionGroup, next to an error from a cancelled sibling. */
#include "trace.h"

static void show(wa_error *e, int depth) {
    if (wa_error_is_group(e)) {
        TRACE_NOW("%*s%s: %s [%zu]", depth * 2, "", wa_error_type_of(e)->name, wa_error_message(e),
                  wa_error_group_size(e));
        for (size_t i = 0; i < wa_error_group_size(e); i++) show(wa_error_group_child(e, i), depth + 1);
    } else {
        TRACE_NOW("%*s%s: %s", depth * 2, "", wa_error_type_of(e)->name, wa_error_message(e));
    }
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_error *err;
} frame;

static wa_status inner_fail(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("inner-fail: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "inner failure"));
    WA_END(co);
}

static wa_status inner_sibling(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("inner-sibling: cancelled");
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status runs_inner_group(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, inner_fail, frame);
        WA_GROUP_SPAWN(&f->tg, inner_sibling, frame);
        WA_AWAIT(co, wa_sleep(co, 10));
    }
    WA_WITH_END(co);
    TRACE_NOW("runs-inner-group: not reached");
    WA_END(co);
}

static wa_status outer_sibling(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("outer-sibling: cancelled, cleanup for 0.25");
    WA_AWAIT(co, wa_sleep(co, 0.25));
    TRACE_NOW("outer-sibling: cleanup raising TypeError");
    WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "outer cleanup failed"));
    WA_END(co);
}

static wa_status outer(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, runs_inner_group, frame);
        WA_GROUP_SPAWN(&f->tg, outer_sibling, frame);
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("outer body: cancelled");
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status main_step(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, outer, frame);
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION_GROUP)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("main: caught");
        show(f->err, 0);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, frame);
}
