/*
 * timeout.c — asyncio.timeout / timeout_at scopes and wait_for.
 *
 * A timeout cancels its task when the deadline passes (the state goes
 * active -> expiring); on exit, if the task's cancel count drops back to
 * what it was on entry, that cancellation was ours and becomes
 * TimeoutError.  A cancel from anyone else leaves the count higher, so it
 * stays a cancellation: this is why uncancel exists (3.11+).
 *
 * wait_for is, since 3.12, `async with timeout(t): return await aw`, with a
 * fast path that cancels at once when t <= 0.  A coroutine is awaited
 * inline there, in the caller's task, so the timeout cancels the caller.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

enum { TM_CREATED, TM_ACTIVE, TM_EXPIRING, TM_EXPIRED, TM_FINISHED };

static const char *const state_names[] = {"created", "active", "expiring", "expired", "finished"};

static void on_timeout(wa_loop *loop, void *arg) {
    (void)loop;
    wa_timeout *tm = arg;
    wa_task_cancel(tm->task, NULL);
    tm->state = TM_EXPIRING;
    wa__handle_drop(&tm->handle);
}

int wa_timeout_reschedule(wa_timeout *tm, double when) {
    if (!tm) return wa__misuse(WA_EINVAL, __func__, "timeout is NULL");
    if (tm->state != TM_ACTIVE)
        /* asyncio raises RuntimeError here, not InvalidStateError */
        return wa__misuse_as(WA_RUNTIME_ERROR, WA_EINVALIDSTATE, __func__,
                             tm->state == TM_CREATED ? "Timeout has not been entered"
                                                     : "Cannot change state of %s Timeout",
                             state_names[tm->state]);
    if (isnan(when)) return wa__misuse(WA_EINVAL, __func__, "when is NaN");
    wa__handle_drop(&tm->handle);
    tm->when = when;
    if (when == WA_NO_TIMEOUT) return WA_OK;
    wa_loop *loop = tm->task->fut.loop;
    return when <= wa_loop_time(loop) ? wa_call_soon(loop, on_timeout, tm, &tm->handle)
                                      : wa_call_at(loop, when, on_timeout, tm, &tm->handle);
}

double wa_timeout_when(const wa_timeout *tm) { return tm ? tm->when : WA_NO_TIMEOUT; }
bool wa_timeout_expired(const wa_timeout *tm) { return tm && (tm->state == TM_EXPIRING || tm->state == TM_EXPIRED); }

static wa_future *timeout_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    wa_timeout *tm = (wa_timeout *)s;
    wa__handle_drop(&tm->handle);
    if (tm->state == TM_EXPIRING) {
        tm->state = TM_EXPIRED;
        if (wa_task_uncancel(tm->task) <= tm->cancelling && wa_error_is(s->error, WA_CANCELLED_ERROR)) {
            /* no newer cancel requests: this one is ours */
            wa_error *te = wa_error_new(WA_TIMEOUT_ERROR, NULL);
            wa_error_set_cause(te, s->error);
            s->error = te;
        }
    } else if (tm->state == TM_ACTIVE) {
        tm->state = TM_FINISHED;
    }
    return NULL;
}

static void timeout_drop(wa_scope *s) { wa__handle_drop(&((wa_timeout *)s)->handle); }

static const wa_scope_ops timeout_ops = {timeout_exit, timeout_drop};

/* Raises the enter's error at WA_WITH. */
static wa_scope *fail_enter(wa_coro *co, const wa_error_type *type) {
    wa__fail_await(co, wa__misuse_error_as(type));
    return NULL;
}

int wa_timeout_init_at(wa_timeout *tm, double when) {
    if (!tm) return wa__misuse(WA_EINVAL, __func__, "timeout is NULL");
    if (isnan(when)) return wa__misuse(WA_EINVAL, __func__, "when is NaN");
    *tm = (wa_timeout){.scope.ops = &timeout_ops, .when = when, .state = TM_CREATED};
    return WA_OK;
}

int wa_timeout_init(wa_timeout *tm, wa_loop *loop, double delay) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    if (isnan(delay)) return wa__misuse(WA_EINVAL, __func__, "delay is NaN");
    /* asyncio.timeout(delay) fixes the deadline when it is made, not entered */
    return wa_timeout_init_at(tm, delay == WA_NO_TIMEOUT ? WA_NO_TIMEOUT : wa_loop_time(loop) + delay);
}

/* Timeout.__aenter__ */
static wa_scope *enter(wa_coro *co, wa_timeout *tm, const char *func) {
    if (!wa__coro_loop(co, func)) return NULL;
    if (!tm) {
        wa__misuse(WA_EINVAL, func, "timeout is NULL");
        return fail_enter(co, WA_TYPE_ERROR);
    }
    if (isnan(tm->when)) {
        wa__misuse(WA_EINVAL, func, "deadline is NaN");
        return fail_enter(co, WA_VALUE_ERROR);
    }
    if (tm->scope.ops == &timeout_ops && tm->state != TM_CREATED) {
        wa__misuse(WA_EINVALIDSTATE, func, "Timeout has already been entered");
        return fail_enter(co, WA_RUNTIME_ERROR);
    }
    tm->scope.ops = &timeout_ops;
    tm->task = co->task;
    tm->handle = NULL;
    tm->cancelling = wa_task_cancelling(co->task);
    tm->state = TM_ACTIVE;
    if (wa_timeout_reschedule(tm, tm->when)) {
        tm->state = TM_CREATED;
        return fail_enter(co, WA_MEMORY_ERROR);
    }
    return &tm->scope;
}

wa_scope *wa_timeout_aenter(wa_coro *co, wa_timeout *tm) { return enter(co, tm, __func__); }

wa_scope *wa_timeout_enter_at(wa_coro *co, wa_timeout *tm, double when) {
    /* `async with asyncio.timeout_at(when)`: a new timeout each time, so a
     * frame's wa_timeout serves a loop of them; one in use (entered and not
     * exited) keeps its deadline, and the enter refuses it */
    bool in_use = tm && tm->scope.ops == &timeout_ops && (tm->state == TM_ACTIVE || tm->state == TM_EXPIRING);
    if (tm && !in_use) *tm = (wa_timeout){.scope.ops = &timeout_ops, .when = when, .state = TM_CREATED};
    return enter(co, tm, __func__);
}

wa_scope *wa_timeout_enter(wa_coro *co, wa_timeout *tm, double delay) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    return wa_timeout_enter_at(co, tm, delay == WA_NO_TIMEOUT ? WA_NO_TIMEOUT : wa_loop_time(loop) + delay);
}

/* ---- wait_for ------------------------------------------------------------ */

typedef struct wait_for_frame {
    wa_coro co;
    wa__hold hold;          /* our reference on aw, taken by wa_wait_for (first: WA__FRAME_HOLDS) */
    wa_future *aw;
    double timeout;
    wa_step_fn step;        /* a coroutine's, its first frame in hold.value */
    size_t frame_size;
    wa_future *waiter;
    wa_error *err;
    wa_timeout tm;
} wait_for_frame;
_Static_assert(offsetof(wait_for_frame, hold) == offsetof(wa__held_frame, hold), "WA__FRAME_HOLDS frames start with their hold");

static void release_waiter(wa_future *f, void *waiter) {
    (void)f;
    if (!wa_future_done(waiter)) wa_future_set_result(waiter, wa_none());
    wa_future_unref(waiter);
}

/* Returns aw's outcome from a frame: its value, or its error raised. */
static wa_status return_outcome(wa_coro *co, wa_future *aw) {
    wa_value v;
    switch (wa_future_result(aw, &v)) {
    case WA_OK: return wa__return(co, v);
    case WA_ECANCELLED: return wa__raise(co, wa_future_cancelled_error(aw));
    default: return wa__raise(co, wa_error_ref(aw->error));
    }
}

/* _cancel_and_wait, then aw's outcome, its cancellation as TimeoutError. */
static wa_status cancel_now_step(wa_coro *co) {
    wait_for_frame *f = (wait_for_frame *)co;
    WA_BEGIN(co);
    if (wa_future_done(f->aw)) return return_outcome(co, f->aw);
    f->waiter = wa__waiter_new(co->task->fut.loop, "wait_for");
    if (!f->waiter || wa__add_callback_ref(f->aw, release_waiter, f->waiter)) {
        wa_future_unref(f->waiter);
        f->waiter = NULL;
        WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    wa_future_cancel(f->aw, NULL);
    WA_AWAIT_TRY(co, f->waiter, f->err);
    wa__remove_callback_ref(f->aw, release_waiter, f->waiter);
    wa_future_unref(f->waiter);
    f->waiter = NULL;
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    if (wa_future_cancelled(f->aw)) {
        wa_error *te = wa_error_new(WA_TIMEOUT_ERROR, NULL);
        wa_error_set_cause(te, wa_future_cancelled_error(f->aw));
        WA_RAISE(co, te);
    }
    return return_outcome(co, f->aw);
    WA_END(co);
}

static wa_status wait_for_step(wa_coro *co) {
    wait_for_frame *f = (wait_for_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa__hold_scope(&f->hold)) {
        if (f->timeout <= 0) {
            WA_AWAIT_CALL(co, cancel_now_step, wait_for_frame, .aw = f->aw);
            WA_RETURN(co, co->value);
        }
        WA_WITH(co, wa_timeout_enter(co, &f->tm, f->timeout)) {
            WA_AWAIT(co, f->aw);
            WA_RETURN(co, co->value);
        }
        WA_WITH_END(co);
    }
    WA_WITH_END(co);
    WA_END(co);
}

wa_future *(wa_wait_for)(wa_coro *co, wa_future *aw, double timeout) {
    if (!wa__coro_loop(co, __func__)) return NULL;
    if (!aw || isnan(timeout)) {
        wa__misuse(WA_EINVAL, __func__, aw ? "timeout is NaN" : "object NoneType can't be used in 'await' expression");
        return wa__fail_await(co, wa__misuse_error_as(aw ? WA_VALUE_ERROR : WA_TYPE_ERROR));
    }
    if (wa__is_marker(aw)) return wa__marker_misuse(co, __func__);
    if (aw->loop != co->task->fut.loop) {
        wa__misuse(WA_EFOREIGN, __func__, "the future belongs to a different loop");
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    wait_for_frame init = {.aw = aw, .timeout = timeout};
    init.hold.one = wa_future_ref(aw);
    wa_future *r = wa__call_push_holding(co, wait_for_step, sizeof init, &init);
    if (r == WA__FAILED) wa_future_unref(aw);
    return r;
}

/* WA_AWAIT_CALL of a frame given by its size and bytes rather than a type. */
#define AWAIT_FRAME(co, step, size, init)                                      \
    do {                                                                       \
        (co)->resume = __LINE__;                                               \
        {                                                                      \
            wa_status st = wa__await_call((co), (step), (size), (init));       \
            if (st != WA_STATUS_RETURN) return st;                             \
        }                                                                      \
        /* fallthrough */                                                      \
    case __LINE__:                                                             \
        if (WA__FRAME_ERROR((co)->task)) return WA_STATUS_RAISE;               \
    } while (0)

/* `async with timeout(t): return await coro()`: the coroutine's frame goes
 * on this task, so it is this task the timeout cancels. */
static wa_status wait_for_coro_step(wa_coro *co) {
    wait_for_frame *f = (wait_for_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa__hold_scope(&f->hold)) {
        WA_WITH(co, wa_timeout_enter(co, &f->tm, f->timeout)) {
            AWAIT_FRAME(co, f->step, f->frame_size, f->hold.value.as.ptr.p);
            WA_RETURN(co, co->value);
        }
        WA_WITH_END(co);
    }
    WA_WITH_END(co);
    WA_END(co);
}

wa_future *wa__wait_for_aw(wa_coro *co, wa_aw aw, double timeout) {
    static const char fn[] = "wa_wait_for";
    if (!wa__aw_is_coro(&aw)) return (wa_wait_for)(co, aw.fut, timeout);
    wa_loop *loop = wa__coro_loop(co, fn);
    if (!loop) return NULL;
    if (isnan(timeout) || !aw.init || aw.frame_size < sizeof(wa_coro)) {
        wa__misuse(WA_EINVAL, fn, isnan(timeout) ? "timeout is NaN" : "An asyncio.Future, a coroutine or an awaitable is required");
        return wa__fail_await(co, wa__misuse_error_as(isnan(timeout) ? WA_VALUE_ERROR : WA_TYPE_ERROR));
    }
    if (timeout <= 0) {
        /* 3.13 wraps it in a task here (ensure_future), cancelled before it starts */
        wa_task *t = wa__aw_task_new(loop, &aw);
        if (!t) return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        wa_future *r = (wa_wait_for)(co, wa_task_future(t), timeout);
        if (r == WA__FAILED) wa_task_cancel(t, NULL);
        wa_task_unref(t);
        return r;
    }
    void *first = wa__sys_malloc(aw.frame_size);   /* aw.init dies with the caller's block */
    if (!first) return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    memcpy(first, aw.init, aw.frame_size);
    wait_for_frame init = {.timeout = timeout, .step = aw.step, .frame_size = aw.frame_size};
    init.hold.value = wa_ptr(first, free);
    wa_future *r = wa__call_push_holding(co, wait_for_coro_step, sizeof init, &init);
    if (r == WA__FAILED) free(first);
    return r;
}
