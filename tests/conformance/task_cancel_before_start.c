/* A task cancelled before its first step never runs its body: the first step
 * throws CancelledError into the unstarted coroutine, which ends at once.  A
 * task cancelled while it is ready (it yielded with sleep(0), so it awaits no
 * future) gets CancelledError at that sleep(0) in its next step. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_error *err;
} body_frame;

static wa_status body(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: body runs", f->name);
    WA_AWAIT_TRY(co, wa_sleep(co, 0), f->err);
    if (!f->err) TRACE_NOW("%s: not reached", f->name);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("%s: cancelled at sleep(0): %s", f->name, wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t[2];
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    static const char *const names[] = {"early", "ready"};
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    bool r;
    WA_BEGIN(co);
    f->t[0] = WA_SPAWN(loop, body, body_frame, .name = "early");
    r = wa_task_cancel(f->t[0], "too early");
    TRACE_NOW("main: cancel early before it starts -> %s", yes(r));
    f->t[1] = WA_SPAWN(loop, body, body_frame, .name = "ready");
    WA_YIELD(co);
    r = wa_task_cancel(f->t[1], "ready now");
    TRACE_NOW("main: cancel ready while it is ready -> %s", yes(r));
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT_TRY(co, f->t[f->i], f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: %s raised CancelledError: %s, cancelled=%s", names[f->i], wa_error_message(f->err),
                      yes(wa_future_cancelled(wa_task_future(f->t[f->i]))));
        wa_task_unref(f->t[f->i]);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
