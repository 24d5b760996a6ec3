/* A task waiting in Event.wait() or Queue.get() cancelled twice raises the
 * first message and counts both requests.  Cancelled after the wake-up but
 * before it runs, the event waiter still raises, and the getter passes its
 * wake-up on, so the item goes to the next getter. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_event *ev;
    wa_queue *q;
    const char *name;
    wa_error *err;
} waiter_frame;

static wa_status ev_waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_event_wait(co, f->ev), f->err);
    if (f->err) {
        TRACE_NOW("%s: wait raised %s: %s", f->name, wa_error_type_of(f->err)->name, wa_error_message(f->err));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("%s: wait -> %s", f->name, yes(co->value.as.b));
    WA_END(co);
}

static wa_status getter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_queue_get(co, f->q), f->err);
    if (f->err) {
        TRACE_NOW("%s: get raised %s: %s (qsize=%zu)", f->name, wa_error_type_of(f->err)->name,
                  wa_error_message(f->err), wa_queue_qsize(f->q));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("%s: got %lld", f->name, (long long)co->value.as.i);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *ev;
    wa_queue *q;
    wa_task *w, *g, *g3;
    wa_error *err;
} main_frame;

/* main's finish(t, name): await it, then say how it ended. */
#define FINISH(co, f, t, name)                                                                    \
    do {                                                                                          \
        WA_AWAIT_TRY(co, t, (f)->err);                                                            \
        if ((f)->err && !wa_error_is((f)->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref((f)->err)); \
        TRACE_NOW("main: %s cancelled=%s cancelling=%d", name, yes(wa_future_cancelled(wa_task_future(t))), \
                  wa_task_cancelling(t));                                                         \
        wa_task_unref(t);                                                                         \
    } while (0)

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->ev = wa_event_new(loop);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    f->w = WA_SPAWN(loop, ev_waiter, waiter_frame, .ev = f->ev, .name = "w");
    f->g = WA_SPAWN(loop, getter, waiter_frame, .q = f->q, .name = "g");
    WA_AWAIT(co, wa_sleep(co, 1));
    {
        bool a = wa_task_cancel(f->w, "first"), b = wa_task_cancel(f->w, "second");
        TRACE_NOW("main: cancel w -> %s, %s", yes(a), yes(b));
        a = wa_task_cancel(f->g, "first"), b = wa_task_cancel(f->g, "second");
        TRACE_NOW("main: cancel g -> %s, %s", yes(a), yes(b));
    }
    FINISH(co, f, f->w, "w");
    FINISH(co, f, f->g, "g");
    f->w = WA_SPAWN(loop, ev_waiter, waiter_frame, .ev = f->ev, .name = "w2");
    f->g = WA_SPAWN(loop, getter, waiter_frame, .q = f->q, .name = "g2");
    f->g3 = WA_SPAWN(loop, getter, waiter_frame, .q = f->q, .name = "g3");
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_event_set(f->ev);
    wa_queue_put_nowait(f->q, wa_int(7));
    {
        bool a = wa_task_cancel(f->w, "late"), b = wa_task_cancel(f->g, "late");
        TRACE_NOW("main: woken; cancel w2 -> %s, g2 -> %s", yes(a), yes(b));
    }
    FINISH(co, f, f->w, "w2");
    FINISH(co, f, f->g, "g2");
    FINISH(co, f, f->g3, "g3");
    TRACE_NOW("main: qsize=%zu", wa_queue_qsize(f->q));
    wa_queue_free(f->q);
    wa_event_free(f->ev);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
