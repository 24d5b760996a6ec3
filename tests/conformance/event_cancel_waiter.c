/* A task cancelled while blocked in Event.wait() gets CancelledError and
 * leaves the other waiters in place; set() still wakes all of them, and a
 * clear() right after set(), before they run, does not take the wake-up
 * back: their wait() returns True while is_set() is already False. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_event *ev;
    const char *name;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: waiting", f->name);
    WA_AWAIT_TRY(co, wa_event_wait(co, f->ev), f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("%s: wait raised %s: %s", f->name, wa_error_type_of(f->err)->name, wa_error_message(f->err));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("%s: wait -> %s, is_set=%s", f->name, yes(co->value.as.b), yes(wa_event_is_set(f->ev)));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *ev;
    wa_task *tasks[3], *late;
    int k;
    wa_error *err;
} main_frame;

static const char *names[3] = {"a", "b", "c"};

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->ev = wa_event_new(wa_get_running_loop());
    for (int i = 0; i < 3; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .ev = f->ev, .name = names[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->tasks[1], "stop b");
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: b done=%s, set then clear", yes(wa_future_done(wa_task_future(f->tasks[1]))));
    wa_event_set(f->ev);
    wa_event_clear(f->ev);
    TRACE_NOW("main: is_set=%s", yes(wa_event_is_set(f->ev)));
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT_TRY(co, f->tasks[f->k], f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        TRACE_NOW("main: %s cancelled=%s", names[f->k], yes(wa_future_cancelled(wa_task_future(f->tasks[f->k]))));
    }
    f->late = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .ev = f->ev, .name = "late");
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: late done=%s", yes(wa_future_done(wa_task_future(f->late))));
    wa_event_set(f->ev);
    WA_AWAIT(co, f->late);
    for (int i = 0; i < 3; i++) wa_task_unref(f->tasks[i]);
    wa_task_unref(f->late);
    wa_event_free(f->ev);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
