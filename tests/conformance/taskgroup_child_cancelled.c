/* A group task that ends cancelled because another task cancelled it on its
 * own (not through the group) does not abort the TaskGroup: the other tasks
 * and the body go on, the group exits normally, and the victim reports
 * cancelled() with its message while the others have their results. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *target;
    wa_error *err;
} frame;

static wa_status victim(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("victim: sleeping 10");
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("victim: %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status killer(wa_coro *co) {
    frame *f = (frame *)co;
    bool r;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->target, "by killer");
    TRACE_NOW("killer: cancel victim -> %s", yes(r));
    WA_END(co);
}

static wa_status steady(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("steady: done");
    WA_RETURN(co, wa_str("ok"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_task *v, *s;     /* our own references */
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_value res;
    wa_error *e;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        f->v = wa_task_ref(WA_GROUP_SPAWN(&f->tg, victim, frame));
        WA_GROUP_SPAWN(&f->tg, killer, frame, .target = f->v);
        f->s = wa_task_ref(WA_GROUP_SPAWN(&f->tg, steady, frame));
        TRACE_NOW("body: sleeping 1.5");
        WA_AWAIT(co, wa_sleep(co, 1.5));
        TRACE_NOW("body: still running, victim.cancelled()=%s", yes(wa_future_cancelled(wa_task_future(f->v))));
    }
    WA_WITH_END(co);
    wa_future_result(wa_task_future(f->s), &res);
    TRACE_NOW("main: group exited normally at steady's end, result %s", res.as.buf.data);
    if (wa_future_result(wa_task_future(f->v), &res) == WA_ECANCELLED) {
        e = wa_future_cancelled_error(wa_task_future(f->v));
        TRACE_NOW("main: victim.result() raised %s: %s", wa_error_type_of(e)->name, wa_error_message(e));
        wa_error_unref(e);
    }
    TRACE_NOW("main: cancelling()=%d", wa_task_cancelling(wa_current_task(wa_get_running_loop())));
    wa_task_unref(f->v);
    wa_task_unref(f->s);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
