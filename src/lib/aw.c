/*
 * aw.c — what gather, shield, wait and as_completed accept besides arrays
 * of futures: arrays of tasks and of wa_aw, whose coroutines become tasks
 * as asyncio's ensure_future makes them.
 *
 * Each entry point reads its argument into an array of futures, calls the
 * plain function, then drops its own references: the combinator took its
 * own, so a task made here lives as long as the combinator holds it.  Kept
 * apart from the combinators so a program that waits on futures only (the
 * npm runtime) links none of it.
 */
#include <stdlib.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

wa_task *wa__aw_task_new(wa_loop *loop, const wa_aw *a) {
    return wa__task_new_at(loop, a->step, a->frame_size, a->init, NULL, a->site.file, a->site.line, a->site.func);
}

bool wa__aw_is_coro(const wa_aw *a) { return a->step != NULL; }

static const wa_aw *aw_at(wa__aws xs, size_t i) { return xs.kind == WA__AWS_AWS ? (const wa_aw *)xs.items + i : NULL; }

static bool is_coro(wa__aws xs, size_t i) {
    const wa_aw *a = aw_at(xs, i);
    return a && wa__aw_is_coro(a);
}

/* Drops what futures_of made: the tasks' references (cancelling them first
 * when the combinator refused them, so nothing runs that nobody awaits),
 * then the array. */
static void release(wa__aws xs, size_t n, wa_future **futs, bool cancel) {
    for (size_t i = 0; i < n; i++) {
        if (!is_coro(xs, i) || !futs[i]) continue;
        if (cancel) wa_future_cancel(futs[i], NULL);
        wa_future_unref(futs[i]);
    }
    free(futs);
}

/* The futures of xs's n items (n > 0, items not NULL), in a new array:
 * a task is its future, a coroutine a new task whose reference the array
 * holds, made once every item has passed the plain function's checks (a
 * coroutine stands in as co's own task until then).  NULL after raising
 * into co, as the plain function raises. */
static wa_future **futures_of(wa_coro *co, wa__aws xs, size_t n, const char *func) {
    wa_future **futs = wa__sys_calloc(n, sizeof *futs);
    if (!futs) {
        wa__misuse(WA_ENOMEM, func, "out of memory");
        wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const wa_aw *a = aw_at(xs, i);
        if (!a) futs[i] = wa__task_future(((wa_task *const *)xs.items)[i]);
        else if (!wa__aw_is_coro(a)) futs[i] = a->fut;
        else futs[i] = a->init && a->frame_size >= sizeof(wa_coro) ? &co->task->fut : NULL;   /* NULL: refused */
    }
    bool ok = wa__check_futures(co, futs, n, false, func);
    for (size_t i = 0; i < n; i++)
        if (is_coro(xs, i)) futs[i] = NULL;     /* the stand-ins go */
    if (!ok) {
        free(futs);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_coro(xs, i)) continue;
        wa_task *t = wa__aw_task_new(co->task->fut.loop, aw_at(xs, i));
        if (!t) {
            release(xs, n, futs, true);
            wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
            return NULL;
        }
        futs[i] = wa_task_future(t);    /* the task's reference, now the array's */
    }
    return futs;
}

/* Whether the plain function should see the arguments as they are: outside
 * a task, or a count or array it refuses itself (n == 0 included). */
static bool plain_case(wa_coro *co, wa__aws xs, size_t n) {
    return !co || !co->task || n == 0 || n > WA_MAX_AWAITABLES || !xs.items;
}

wa_future *wa__gather_any(wa_coro *co, wa__aws xs, size_t n, bool return_exceptions) {
    if (plain_case(co, xs, n)) return (wa_gather)(co, NULL, n, return_exceptions);
    wa_future **futs = futures_of(co, xs, n, "wa_gather");
    if (!futs) return WA__FAILED;
    wa_future *r = (wa_gather)(co, futs, n, return_exceptions);
    release(xs, n, futs, r == WA__FAILED);
    return r;
}

wa_future *wa__shield_aw(wa_coro *co, wa_aw inner) {
    wa__aws xs = {&inner, WA__AWS_AWS};
    if (!wa__aw_is_coro(&inner) || plain_case(co, xs, 1)) return (wa_shield)(co, inner.fut);
    wa_future **futs = futures_of(co, xs, 1, "wa_shield");
    if (!futs) return WA__FAILED;
    wa_future *r = (wa_shield)(co, futs[0]);
    release(xs, 1, futs, r == WA__FAILED);
    return r;
}

wa_future *wa__wait_any(wa_coro *co, wa__aws xs, size_t n, double timeout, wa_return_when when) {
    if (plain_case(co, xs, n)) return (wa_wait)(co, NULL, n, timeout, when);
    if (when != WA_FIRST_COMPLETED && when != WA_FIRST_EXCEPTION && when != WA_ALL_COMPLETED) {
        /* asyncio checks return_when before it looks for coroutines */
        wa__misuse(WA_EINVAL, "wa_wait", "Invalid return_when value: %d", (int)when);
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    for (size_t i = 0; i < n; i++)
        if (is_coro(xs, i)) {
            wa__misuse(WA_EINVAL, "wa_wait", "Passing coroutines is forbidden, use tasks explicitly.");
            return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
        }
    wa_future **futs = futures_of(co, xs, n, "wa_wait");
    if (!futs) return WA__FAILED;
    wa_future *r = (wa_wait)(co, futs, n, timeout, when);     /* keeps references of its own */
    free(futs);
    return r;
}

wa_as_completed *wa__as_completed_any(wa_coro *co, wa__aws xs, size_t n, double timeout) {
    if (plain_case(co, xs, n)) return (wa_as_completed_new)(co, NULL, n, timeout);
    wa_future **futs = futures_of(co, xs, n, "wa_as_completed_new");
    if (!futs) {
        wa_error_unref(co->task->fut.await_error);      /* no await to raise it: the code says it */
        co->task->fut.await_error = NULL;
        return NULL;
    }
    wa_as_completed *ac = (wa_as_completed_new)(co, futs, n, timeout);
    release(xs, n, futs, !ac);
    return ac;
}
