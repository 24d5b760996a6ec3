/*
 * sleep.c — asyncio.sleep.
 *
 * sleep(0) is a bare yield: the task's step is rescheduled, nothing is
 * allocated.  A positive delay is a future finished by a timer; cancelling
 * the future (the sleeping task was cancelled) cancels the timer too.  The
 * task that awaits it is parked on it, so the timer wakes the task with no
 * done callback in between.
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
 * to allocate, and a wa__timer rather than a handle, as the timer's
 * callback, argument and owner are the sleep itself (112 bytes on 64-bit
 * hosts, 80 on wasm32).  parked: the task awaiting the sleep directly,
 * parked on it (below), or NULL. */
typedef struct sleep_future {
    wa_future fut;
    wa__timer timer;
    wa_task *parked;
} sleep_future;

/* A task awaiting its sleep directly is parked on the sleep future
 * (park.c) instead of waiting on it through a done callback: the future's
 * completion queues the task's step itself, after the future's own
 * callbacks, where asyncio's __wakeup would come.  The future stays a real
 * one, owned by the frame as before, so the await's resumption reads its
 * outcome as for any future, and a sleep handed on (to wait_for, gather,
 * ...) or used before its await is a plain future again: the park ends
 * quietly. */
static void sleep_leave(wa_task *t) { ((sleep_future *)t->parked_on)->parked = NULL; }

/* wa__park_leave, known to be sleep's (the slot keeps the sleep: the
 * task's reference). */
static bool sleep_resume(wa_task *t, wa_error *incoming) {
    (void)incoming;     /* the await reads the future's outcome itself */
    sleep_leave(t);
    t->park = WA__PARK_NONE;
    return true;
}

/* The parked task's __wakeup: its step queued, the park saying how the
 * future ended (the await reads the rest). */
static void sleep_wake(sleep_future *s) {
    wa_task *t = s->parked;
    if (!t || t->park != WA__PARK_AWAITED) return;
    t->park = s->fut.state == WA_CANCELLED ? WA__PARK_CANCELLED : WA__PARK_WOKEN;
    wa__ready_push(t->fut.loop, &t->step);
}

/* The future's callbacks, then the task's wake-up (on_done, which runs
 * before them, holds it back). */
static void sleep_finish(sleep_future *s, bool cancel, const char *msg) {
    wa_task *t = s->parked;
    s->parked = NULL;
    if (cancel)
        wa_future_cancel(&s->fut, msg);
    else
        wa__future_finish(&s->fut);
    s->parked = t;
    sleep_wake(s);
}

/* asyncio's task.cancel(msg): the awaited sleep future's cancel(msg).
 * Before the await (the task is running: no _fut_waiter yet) and once the
 * future is done, the task only marks itself (_must_cancel), which the end
 * of its step or its next step applies; once cancelled, asyncio's __step
 * keeps the CancelledError on its way in, so a further cancel changes
 * nothing. */
static bool sleep_cancel(wa_task *t, const char *msg) {
    if (t->park == WA__PARK_CANCELLED) return true;
    if (t->park != WA__PARK_AWAITED) return false;
    sleep_finish(t->parked_on, true, msg);
    return true;
}

static const wa__park_future_ops sleep_park = {
    .park = {.what = "sleep", .result = "None", .resume = sleep_resume},
    .leave = sleep_leave,
    .cancel = sleep_cancel,
    .on_awaited = true};

/* The timer's reference keeps the future alive while it is queued, not
 * the other way round: stopping only cancels (nothing, once the timer
 * ran).  A sleep finished by anything but its timer or its task's cancel
 * (the future's own API) wakes its task here. */
static void sleep_stop(wa_future *f) {
    sleep_future *s = (sleep_future *)f;
    wa__ready_cancel(f->loop, &s->timer.r);
    if (WA__INLINE_PATHS) sleep_wake(s);
}

/* The timer is gone by now (it held a reference), or never started. */
static void sleep_release(wa_future *f) {
    sleep_future *s = (sleep_future *)f;
    if (s->parked) wa__park_leave(s->parked);
}

/* A build for size parks no task on a sleep: sleep_stop is its stop and
 * release, one copy, and its timer sets the result as sleep_done does. */
static const wa__future_ops sleep_embedded_ops = {.size = sizeof(sleep_future), .on_done = sleep_stop,
                                                  .release = WA__INLINE_PATHS ? sleep_release : sleep_stop,
                                                  .name = "sleep"};

static void sleep_done(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future *f = arg;
    if (f->state == WA_PENDING) wa_future_set_result(f, wa_none());
}

/* The timer of a sleep outside debug mode, which gives back its
 * reference as it leaves the loop.  Due: set_result(None), which cannot
 * fail (the result, None, is there since the future was made). */
static void sleep_due(wa_loop *loop, wa__timer *t, bool fire) {
    sleep_future *s = WA__CONTAINER_OF(t, sleep_future, timer);
    wa_future *f = &s->fut;
    if (fire && f->state == WA_PENDING) {
        if (!WA__INLINE_PATHS) {
            sleep_done(loop, f);
        } else {
            f->state = WA_FINISHED;
            if (f->cb.first.cb || f->callbacks_on_heap)
                sleep_finish(s, false, NULL);
            else
                sleep_wake(s);
        }
    }
    wa_future_unref(f);
}

/* wa__future_new_sub for a sleep outside debug mode, writing each field
 * once: the timer's start writes the handle whole. */
static wa_future *sleep_new(wa_loop *loop) {
    sleep_future *s = wa__alloc(loop, sizeof *s);
    if (!s) {
        wa__misuse(WA_ENOMEM, "wa_sleep", "out of memory");
        return NULL;
    }
    wa__future_init(&s->fut, loop, false);
    s->fut.ops = &sleep_embedded_ops;
    s->parked = NULL;
    return &s->fut;
}

/* Parks co's task on the sleep s, which co's frame holds. */
static void sleep_park_task(wa_coro *co, sleep_future *s) {
    wa_task *t = co->task;
    wa_loop *loop = t->fut.loop;
    int kind = wa__park_known(loop, &sleep_park.park) - 1;
    if (kind < 0 && (kind = wa__park_register(loop, &sleep_park.park)) < 0) return;   /* no room: a plain future */
    wa__park_set(t, (uint8_t)kind, &s->fut);
    s->parked = t;
}

static wa_future *sleep_later(wa_coro *co, double delay);

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
    return sleep_later(co, delay);
}

/* Out of line (WA__RARE: no inlining), so that sleep(0), a bare yield,
 * saves no registers for what a timer needs. */
static WA__RARE wa_future *sleep_later(wa_coro *co, double delay) {
    wa_task *t = co->task;
    wa_loop *loop = t->fut.loop;
    bool debugging = wa__debugging(loop);
    wa_future *f = WA__INLINE_PATHS && !debugging
                       ? sleep_new(loop)
                       : wa__future_new_sub(loop, debugging ? &sleep_ops : &sleep_embedded_ops, "wa_sleep");
    if (!f) return NULL;
    if (debugging) {
        if (wa_call_later(loop, delay, sleep_done, f, &((wa__timer_future *)f)->timer)) {
            wa_future_unref(f);
            return NULL;
        }
    } else {
        sleep_future *s = (sleep_future *)f;
        if (wa__timer_schedule(loop, &s->timer, wa_loop_time(loop) + delay, sleep_due)) {
            wa_future_unref(f);
            wa__misuse(WA_ENOMEM, "wa_sleep", "out of memory");
            return NULL;
        }
        wa_future_ref(f);   /* the timer's */
    }
    wa__task_set_awaited(t, f);     /* the frame owns the sleep future (one parked on and never awaited goes) */
    /* a build for size keeps the one path: the await's done callback */
    if (WA__INLINE_PATHS && !debugging && t->top == co && t->park == WA__PARK_NONE)
        sleep_park_task(co, (sleep_future *)f);
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
