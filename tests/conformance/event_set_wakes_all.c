/* Event.set() wakes every task blocked in wait(), in the order they began
 * waiting, and each wait() returns True; is_set() is True from set() on,
 * and a second set() on a set event changes nothing. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_event *ev;
    const char *name;
    double delay;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: waiting, is_set=%s", f->name, yes(wa_event_is_set(f->ev)));
    WA_AWAIT(co, wa_event_wait(co, f->ev));
    TRACE_NOW("%s: wait -> %s, is_set=%s", f->name, yes(co->value.as.b), yes(wa_event_is_set(f->ev)));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *ev;
    wa_task *tasks[3];
    int k;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *names[3] = {"a", "b", "c"};
    static const double delays[3] = {0.3, 0.1, 0.2};
    WA_BEGIN(co);
    f->ev = wa_event_new(wa_get_running_loop());
    for (int i = 0; i < 3; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .ev = f->ev, .name = names[i],
                               .delay = delays[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: setting, is_set=%s", yes(wa_event_is_set(f->ev)));
    wa_event_set(f->ev);
    TRACE_NOW("main: set, is_set=%s", yes(wa_event_is_set(f->ev)));
    wa_event_set(f->ev);
    TRACE_NOW("main: set again, is_set=%s", yes(wa_event_is_set(f->ev)));
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
    }
    TRACE_NOW("main: all woke, is_set=%s", yes(wa_event_is_set(f->ev)));
    for (int i = 0; i < 3; i++) wa_task_unref(f->tasks[i]);
    wa_event_free(f->ev);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
