/* gather(task, coroutine, future, coroutine, return_exceptions=True): the
 * task and the future are waited for as they are, the coroutines wrapped
 * in tasks; one of them raises, and its error comes back in its place. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
    bool fail;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: runs in %s", f->name, wa_task_name(wa_current_task(wa_get_running_loop())));
    WA_AWAIT(co, wa_sleep(co, f->delay));
    if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s failed", f->name));
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

static void set_later(wa_loop *loop, void *arg) {
    TRACE(loop, "callback: future set");
    wa_future_set_result(arg, wa_int(7));
}

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_future *fut;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t = WA_SPAWN(loop, child, child_frame, .name = "t", .delay = 2);
    f->fut = wa_future_new(loop);
    wa_call_later(loop, 1.5, set_later, f->fut, NULL);
    TRACE_NOW("main: gather(t, x, fut, y, return_exceptions=True)");
    {
        wa_aw items[] = {WA_AW(f->t), WA_CORO(child, child_frame, .name = "x", .delay = 1, .fail = true),
                         WA_AW(f->fut), WA_CORO(child, child_frame, .name = "y", .delay = 0.5)};
        WA_AWAIT(co, wa_gather(co, items, 4, true));
    }
    TRACE_NOW("main: gather -> %s", fmt(&co->value));
    wa_task_unref(f->t);
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
