/* wait() on a set Event returns True at once, without giving other tasks a
 * turn; clear() resets the flag, and a wait() after clear() blocks again
 * until the next set().  Each set/clear/wait round behaves the same. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_event *ev;
    const char *name;
} frame;

static wa_status other(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("other: ran");
    WA_END(co);
}

static wa_status waiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: waiting, is_set=%s", f->name, yes(wa_event_is_set(f->ev)));
    WA_AWAIT(co, wa_event_wait(co, f->ev));
    TRACE_NOW("%s: wait -> %s", f->name, yes(co->value.as.b));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *ev;
    wa_task *o, *w;
    int rnd;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *names[2] = {"w0", "w1"};
    WA_BEGIN(co);
    f->ev = wa_event_new(wa_get_running_loop());
    f->o = WA_SPAWN(wa_get_running_loop(), other, frame);
    wa_event_set(f->ev);
    WA_AWAIT(co, wa_event_wait(co, f->ev));
    TRACE_NOW("main: wait on set event -> %s", yes(co->value.as.b));
    WA_AWAIT(co, wa_event_wait(co, f->ev));
    TRACE_NOW("main: again -> %s", yes(co->value.as.b));
    WA_AWAIT(co, f->o);
    wa_event_clear(f->ev);
    TRACE_NOW("main: cleared, is_set=%s", yes(wa_event_is_set(f->ev)));
    for (f->rnd = 0; f->rnd < 2; f->rnd++) {
        f->w = WA_SPAWN(wa_get_running_loop(), waiter, frame, .ev = f->ev, .name = names[f->rnd]);
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("main: %s done=%s, setting", names[f->rnd], yes(wa_future_done(wa_task_future(f->w))));
        wa_event_set(f->ev);
        WA_AWAIT(co, f->w);
        wa_task_unref(f->w);
        wa_event_clear(f->ev);
        TRACE_NOW("main: cleared, is_set=%s", yes(wa_event_is_set(f->ev)));
    }
    wa_task_unref(f->o);
    wa_event_free(f->ev);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
