/*
 * sleep.c — asyncio.sleep.
 *
 * sleep(0) is a bare yield: the task's step is rescheduled, nothing is
 * allocated.  A positive delay is a future finished by a timer; cancelling
 * the future (the sleeping task was cancelled) cancels the timer too.
 * sleep(delay, result) is a library coroutine around that sleep: its frame
 * owns the result until it returns it, so a cancelled sleep releases it.
 */
#include <math.h>
#include <stddef.h>

#include "lib-int.h"
#include "../core/hook-int.h"

void wa__timer_future_stop(wa_future *f) { wa__handle_drop(&((wa__timer_future *)f)->timer); }

static const wa__future_ops sleep_ops = {.size = sizeof(wa__timer_future), .on_done = wa__timer_future_stop,
                                         .release = wa__timer_future_stop, .name = "sleep"};

/* Outside debug mode the timer lives in the future: one block, no handle
 * to allocate. */
typedef struct sleep_future {
    wa__timer_future base;
    wa_handle handle;
} sleep_future;

/* The loop's reference on the handle keeps the future alive, not the
 * other way round: stopping only cancels. */
static void sleep_stop(wa_future *f) {
    sleep_future *s = (sleep_future *)f;
    wa_handle_cancel(s->base.timer);
    s->base.timer = NULL;
}

static const wa__future_ops sleep_embedded_ops = {.size = sizeof(sleep_future), .on_done = sleep_stop,
                                                  .release = sleep_stop, .name = "sleep"};

static void sleep_done(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future *f = arg;
    if (f->state == WA_PENDING) wa_future_set_result(f, wa_none());
}

wa_future *wa_sleep(wa_coro *co, double delay) {
    if (!co || !co->task) {
        wa__misuse(WA_EINVAL, __func__, "not called from a coroutine");
        return NULL;
    }
    if (isnan(delay)) {
        wa__misuse(WA_EINVAL, __func__, "delay is NaN");
        return wa__fail_await(co, wa_error_new(WA_VALUE_ERROR, "Invalid delay: NaN (not a number)"));
    }
    if (delay <= 0) return WA__YIELD;
    wa_loop *loop = co->task->fut.loop;
    wa_future *f = wa__future_new_sub(loop, wa__debugging(loop) ? &sleep_ops : &sleep_embedded_ops, __func__);
    if (!f) return NULL;
    if (wa__debugging(loop)) {
        if (wa_call_later(loop, delay, sleep_done, f, &((wa__timer_future *)f)->timer)) {
            wa_future_unref(f);
            return NULL;
        }
    } else {
        sleep_future *s = (sleep_future *)f;
        if (wa__timer_start(loop, &s->handle, f, wa_loop_time(loop) + delay, sleep_done, f)) {
            wa_future_unref(f);
            wa__misuse(WA_ENOMEM, __func__, "out of memory");
            return NULL;
        }
        s->base.timer = &s->handle;
    }
    wa_future_unref(co->awaited);
    co->awaited = f;    /* the frame owns the sleep future */
    return f;
}

typedef struct sleep_result_frame {
    wa_coro co;
    wa__hold hold;          /* the result, owned until returned (first: WA__FRAME_HOLDS) */
    double delay;
} sleep_result_frame;
_Static_assert(offsetof(sleep_result_frame, hold) == offsetof(wa__held_frame, hold),
               "WA__FRAME_HOLDS frames start with their hold");

static wa_status sleep_result_step(wa_coro *co) {
    sleep_result_frame *f = (sleep_result_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa__hold_scope(&f->hold)) {
        WA_AWAIT(co, wa_sleep(co, f->delay));
        /* the hold keeps its strings (freed as it exits); a pointer's
         * destructor moves to the return value, to run once */
        wa_value v = f->hold.value;
        if (f->hold.value.kind == WA_KIND_PTR) f->hold.value.as.ptr.dtor = NULL;
        WA_RETURN(co, v);
    }
    WA_WITH_END(co);
    WA_END(co);
}

wa_future *wa_sleep_result(wa_coro *co, double delay, wa_value result) {
    if (!wa__coro_loop(co, __func__)) return NULL;
    if (isnan(delay)) {
        wa__misuse(WA_EINVAL, __func__, "delay is NaN");
        return wa__fail_await(co, wa_error_new(WA_VALUE_ERROR, "Invalid delay: NaN (not a number)"));
    }
    sleep_result_frame init = {.delay = delay};
    if (wa_value_copy(&init.hold.value, &result)) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    wa_future *r = wa__call_push_holding(co, sleep_result_step, sizeof init, &init);
    if (r == WA__FAILED) wa__hold_release(&init.hold);
    return r;
}
