/* Cancelling the outer task of a chain top -> mid -> low (each awaiting the
 * next task) travels down to the future low is suspended on: each task's
 * cancel() cancels its waiter, so all three count one request.  The wakeups
 * then run bottom-up, and the message reaches every level and the awaiter. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_task *child;
    wa_error *err;
} frame;

static wa_status low(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("low: caught CancelledError: %s", wa_error_message(f->err));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status relay(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->child, f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR))
        TRACE_NOW("%s: caught CancelledError: %s, child cancelled=%s", f->name, wa_error_message(f->err),
                  yes(wa_future_cancelled(wa_task_future(f->child))));
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *lo, *mid, *top;
    wa_error *err;
} main_frame;

static void show_cancelled(main_frame *f) {
    TRACE_NOW("main: cancelled top=%s mid=%s low=%s", yes(wa_future_cancelled(wa_task_future(f->top))),
              yes(wa_future_cancelled(wa_task_future(f->mid))), yes(wa_future_cancelled(wa_task_future(f->lo))));
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    bool r;
    WA_BEGIN(co);
    f->lo = WA_SPAWN(loop, low, frame);
    f->mid = WA_SPAWN(loop, relay, frame, .name = "mid", .child = f->lo);
    f->top = WA_SPAWN(loop, relay, frame, .name = "top", .child = f->mid);
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->top, "chain");
    TRACE_NOW("main: top.cancel('chain') -> %s", yes(r));
    TRACE_NOW("main: cancelling top=%d mid=%d low=%d", wa_task_cancelling(f->top), wa_task_cancelling(f->mid),
              wa_task_cancelling(f->lo));
    show_cancelled(f);
    WA_AWAIT_TRY(co, f->top, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: top raised CancelledError: %s", wa_error_message(f->err));
    show_cancelled(f);
    wa_task_unref(f->lo);
    wa_task_unref(f->mid);
    wa_task_unref(f->top);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
