/* cancel() on a task that is already done returns False and changes nothing,
 * whether it returned a value, raised, or was cancelled: cancelling() is not
 * incremented, result() / exception() / the cancellation message stay as
 * they were. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
} frame;

static wa_status ok(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    WA_RETURN(co, wa_int(7));
    WA_END(co);
}

static wa_status bad(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.2));
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad"));
    WA_END(co);
}

static wa_status victim(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 10));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t[3];
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    static const char *const names[] = {"ok", "bad", "victim"};
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    wa_error *e;
    bool r;
    WA_BEGIN(co);
    f->t[0] = WA_SPAWN(loop, ok, frame);
    f->t[1] = WA_SPAWN(loop, bad, frame);
    f->t[2] = WA_SPAWN(loop, victim, frame);
    WA_YIELD(co);
    r = wa_task_cancel(f->t[2], "early");
    TRACE_NOW("main: victim.cancel('early') -> %s", yes(r));
    WA_AWAIT(co, wa_sleep(co, 1));
    for (int i = 0; i < 3; i++) {
        wa_future *fut = wa_task_future(f->t[i]);
        bool done = wa_future_done(fut);
        r = wa_task_cancel(f->t[i], "late");
        TRACE_NOW("%s: done=%s, cancel('late') -> %s, cancelling=%d, cancelled=%s", names[i], yes(done), yes(r),
                  wa_task_cancelling(f->t[i]), yes(wa_future_cancelled(fut)));
    }
    if (wa_future_result(wa_task_future(f->t[0]), &v) == 0) TRACE_NOW("ok: result()=%" PRId64, v.as.i);
    if (wa_future_exception(wa_task_future(f->t[1]), &e) == 0 && e)
        TRACE_NOW("bad: exception()=%s: %s", wa_error_type_of(e)->name, wa_error_message(e));
    WA_AWAIT_TRY(co, f->t[2], f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("victim: await raises CancelledError: %s", wa_error_message(f->err));
    for (int i = 0; i < 3; i++) wa_task_unref(f->t[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
