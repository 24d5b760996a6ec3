/* A task cancelled inside `async with lock:` releases the lock on its way
 * out, so its handler already sees locked() False and the next waiter gets
 * the lock; a task cancelled while still waiting to enter never runs the
 * body and releases nothing: the holder keeps the lock. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_lock *lock;
    const char *name;
    double hold;
    wa_guard guard;
    wa_error *err;
} frame;

static wa_status body(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        TRACE_NOW("%s: inside, locked=%s", f->name, yes(wa_lock_locked(f->lock)));
        WA_AWAIT(co, wa_sleep(co, f->hold));
        TRACE_NOW("%s: leaving", f->name);
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status holder(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: acquiring", f->name);
    WA_AWAIT_CALL_TRY(co, f->err, body, frame, .lock = f->lock, .name = f->name, .hold = f->hold);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("%s: cancelled, locked=%s", f->name, yes(wa_lock_locked(f->lock)));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("%s: done, locked=%s", f->name, yes(wa_lock_locked(f->lock)));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_task *tasks[3];
    int k;
    wa_error *err;
} main_frame;

static const char *names[3] = {"a", "b", "c"};

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const double holds[3] = {10, 10, 0.5};
    WA_BEGIN(co);
    f->lock = wa_lock_new(wa_get_running_loop());
    for (int i = 0; i < 3; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), holder, frame, .lock = f->lock, .name = names[i],
                               .hold = holds[i]);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: cancelling b (waiting)");
    wa_task_cancel(f->tasks[1], NULL);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: cancelling a (inside), locked=%s", yes(wa_lock_locked(f->lock)));
    wa_task_cancel(f->tasks[0], NULL);
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT_TRY(co, f->tasks[f->k], f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        TRACE_NOW("main: %s cancelled=%s", names[f->k], yes(wa_future_cancelled(wa_task_future(f->tasks[f->k]))));
    }
    TRACE_NOW("main: locked=%s", yes(wa_lock_locked(f->lock)));
    for (int i = 0; i < 3; i++) wa_task_unref(f->tasks[i]);
    wa_lock_free(f->lock);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
