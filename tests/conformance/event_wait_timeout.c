/* Event.wait() under asyncio.timeout(): a waiter whose deadline passes
 * first leaves with TimeoutError and set() later wakes only the others.  On
 * a set event wait() returns True without suspending, so even timeout(0)
 * does not fire; after clear() the same timeout(0) wait times out. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_event *ev;
    double limit;
    wa_timeout tm;
} timed_frame;

static wa_status timed_wait(wa_coro *co) {
    timed_frame *f = (timed_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm, f->limit)) {
        WA_AWAIT(co, wa_event_wait(co, f->ev));
        WA_RETURN(co, co->value);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *ev;
    const char *name;
    double limit;
    wa_error *err;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: waiting, timeout %g", f->name, f->limit);
    WA_AWAIT_CALL_TRY(co, f->err, timed_wait, timed_frame, .ev = f->ev, .limit = f->limit);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("%s: %s, is_set=%s", f->name, wa_error_type_of(f->err)->name, yes(wa_event_is_set(f->ev)));
    else
        TRACE_NOW("%s: wait -> %s", f->name, yes(co->value.as.b));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *ev;
    wa_task *a, *b, *c;
} main_frame;

static const char *done(wa_task *t) { return yes(wa_future_done(wa_task_future(t))); }

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->ev = wa_event_new(loop);
    f->a = WA_SPAWN(loop, waiter, waiter_frame, .ev = f->ev, .name = "a", .limit = 0.5);
    f->b = WA_SPAWN(loop, waiter, waiter_frame, .ev = f->ev, .name = "b", .limit = 2);
    f->c = WA_SPAWN(loop, waiter, waiter_frame, .ev = f->ev, .name = "c", .limit = 0.75);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: a done=%s, b done=%s, c done=%s, setting", done(f->a), done(f->b), done(f->c));
    wa_event_set(f->ev);
    WA_AWAIT(co, f->b);
    WA_AWAIT_CALL(co, waiter, waiter_frame, .ev = f->ev, .name = "d", .limit = 0);
    wa_event_clear(f->ev);
    WA_AWAIT_CALL(co, waiter, waiter_frame, .ev = f->ev, .name = "e", .limit = 0);
    WA_AWAIT(co, f->a);
    WA_AWAIT(co, f->c);
    TRACE_NOW("main: is_set=%s", yes(wa_event_is_set(f->ev)));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    wa_event_free(f->ev);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
