/*
 * sleep.c — asyncio.sleep.
 *
 * sleep(0) is a bare yield: the task's step is rescheduled, nothing is
 * allocated.  A positive delay is a future finished by a timer; cancelling
 * the future (the sleeping task was cancelled) cancels the timer too.
 */
#include <math.h>

#include "loop-int.h"

const wa_future wa__yield_marker;

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
        return NULL;
    }
    if (delay <= 0) return WA__YIELD;
    wa_loop *loop = co->task->fut.loop;
    wa__sleep_future *s = wa__alloc(loop, sizeof *s);
    if (!s) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    wa_future *f = &s->fut;
    wa__future_init(f, loop, false);
    f->is_sleep = true;
    s->timer = NULL;
    if (wa_call_later(loop, delay, sleep_done, f, &s->timer)) {
        wa_future_unref(f);
        return NULL;
    }
    wa_future_unref(co->awaited);
    co->awaited = f;    /* the frame owns the sleep future */
    return f;
}
