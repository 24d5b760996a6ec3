/*
 * wait.c — asyncio.wait and asyncio.as_completed.
 *
 * wait is a coroutine (it runs inline in the caller's task) around a waiter
 * future that completion callbacks and an optional timer release; the done
 * and pending sets are built when it resumes, as asyncio builds them.
 * as_completed feeds finished inputs, and timeout sentinels, into a FIFO
 * that each next takes from, waiting as Queue.get waits when it is empty.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

/* Copies the distinct futures of futs (first occurrences, in order) with a
 * reference each into *out; returns how many, or 0 out of memory. */
static size_t distinct(wa_future *const *futs, size_t n, wa_future ***out) {
    wa_future **copy = wa__sys_malloc(n * sizeof *copy);
    if (!copy) return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++) seen = copy[j] == futs[i];
        if (!seen) copy[k++] = wa_future_ref(futs[i]);
    }
    *out = copy;
    return k;
}

/* ---- wait ----------------------------------------------------------------- */

typedef struct waiter_future {
    wa__timer_future base;      /* the timeout's timer */
    size_t counter;
    wa_return_when when;
} waiter_future;

static const wa__future_ops waiter_ops = {.size = sizeof(waiter_future), .on_done = wa__timer_future_stop,
                                          .release = wa__timer_future_stop, .name = "wait"};

static void release_waiter(wa_loop *loop, void *arg) {
    (void)loop;
    if (!wa_future_done(arg)) wa_future_set_result(arg, wa_none());
}

static void on_completion(wa_future *f, void *arg) {
    waiter_future *w = arg;
    w->counter--;
    bool failed = w->when == WA_FIRST_EXCEPTION && f->state == WA_FINISHED && f->error;
    if (failed) f->log_exception = false;   /* f.exception() */
    if (w->counter == 0 || w->when == WA_FIRST_COMPLETED || failed) release_waiter(NULL, w);
    wa_future_unref(&w->base.fut);
}

typedef struct wait_frame {
    wa_coro co;
    wa__hold hold;          /* the distinct futures, and the waiter as one (first: WA__FRAME_HOLDS) */
    double timeout;
    size_t i;
    wa_error *err;
} wait_frame;
_Static_assert(offsetof(wait_frame, hold) == offsetof(wa__held_frame, hold), "WA__FRAME_HOLDS frames start with their hold");

static void unregister(wait_frame *f, size_t n) {
    for (size_t i = 0; i < n; i++) wa__remove_callback_ref(f->hold.futs[i], on_completion, f->hold.one);
}

/* Drafts wait's value in h->value, owned: [done, pending], each a list of
 * borrowed pointers to h's futures in argument order.  WA_ENOMEM. */
static int sets(wa__hold *h) {
    wa_value *pair = wa__sys_calloc(2, sizeof *pair);
    wa_value *items = wa__sys_calloc(h->n ? h->n : 1, sizeof *items);     /* done first, pending from the end */
    wa_value *pending = wa__sys_calloc(h->n ? h->n : 1, sizeof *pending);
    if (!pair || !items || !pending) {
        free(pair), free(items), free(pending);
        return WA_ENOMEM;
    }
    size_t nd = 0, np = 0;
    for (size_t i = 0; i < h->n; i++) {
        wa_value v = wa_ptr(h->futs[i], NULL);
        if (wa_future_done(h->futs[i])) items[nd++] = v;
        else pending[np++] = v;
    }
    pair[0] = wa_list(items, nd);
    pair[1] = wa_list(pending, np);
    h->value = wa_list(pair, 2);
    return WA_OK;
}

static wa_status wait_step(wa_coro *co) {
    wait_frame *f = (wait_frame *)co;
    wa_future *waiter = f->hold.one;
    WA_BEGIN(co);
    WA_WITH(co, wa__hold_scope(&f->hold)) {
        for (f->i = 0; f->i < f->hold.n; f->i++)
            if (wa__add_callback_ref(f->hold.futs[f->i], on_completion, waiter)) {
                unregister(f, f->i);
                WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
            }
        if (f->timeout != WA_NO_TIMEOUT &&
            wa_call_later(co->task->fut.loop, f->timeout, release_waiter, waiter, &((waiter_future *)waiter)->base.timer)) {
            unregister(f, f->hold.n);
            WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        }
        WA_AWAIT_TRY(co, waiter, f->err);
        wa__timer_future_stop(waiter);
        unregister(f, f->hold.n);
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
        if (sets(&f->hold)) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        WA_RETURN(co, f->hold.value);   /* copied; the hold's draft goes with it */
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_future *out_of_memory(wa_coro *co) {
    wa__misuse(WA_ENOMEM, "await", "out of memory");
    return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
}

wa_future *(wa_wait)(wa_coro *co, wa_future *const *futs, size_t n, double timeout, wa_return_when when) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    if (!wa__check_futures(co, futs, n, false, __func__)) return WA__FAILED;
    if (isnan(timeout) || (when != WA_FIRST_COMPLETED && when != WA_FIRST_EXCEPTION && when != WA_ALL_COMPLETED)) {
        wa__misuse(WA_EINVAL, __func__, isnan(timeout) ? "timeout is NaN" : "Invalid return_when value: %d", (int)when);
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    wait_frame init = {.timeout = timeout};
    init.hold.n = distinct(futs, n, &init.hold.futs);
    init.hold.one = wa__future_new_sub(loop, &waiter_ops, __func__);
    if (!init.hold.n || !init.hold.one) {
        wa__hold_release(&init.hold);
        return out_of_memory(co);
    }
    waiter_future *w = (waiter_future *)init.hold.one;
    w->counter = init.hold.n;
    w->when = when;
    wa_future *r = wa__call_push_holding(co, wait_step, sizeof init, &init);
    if (r == WA__FAILED) wa__hold_release(&init.hold);
    return r;
}

/* ---- as_completed ----------------------------------------------------------- */

/* One input; the completion callback's argument. */
typedef struct ac_entry {
    wa_as_completed *ac;
    wa_future *fut;         /* a reference */
    bool awaited;           /* not yet finished nor timed out */
    bool registered;        /* its callback is on fut, or scheduled and yet to run */
    bool holding;           /* its scheduled callback holds a reference to ac */
} ac_entry;

/* A future only to be counted and to hold its timer in its own memory.
 * The user holds a reference until wa_as_completed_free; the timer one
 * while queued; a completion callback already scheduled one, once nothing
 * else may.  As asyncio's iterator, an abandoned one lives on while its
 * timeout is pending, and its callbacks still cancel that timeout when the
 * last input finishes: the loop idles to the deadline only if one is left
 * unfinished. */
struct wa_as_completed {
    wa_future keep;
    ac_entry *entries;
    size_t n;
    size_t nawaited;
    size_t left;            /* nexts still to give */
    wa_future **done;       /* FIFO of finished inputs; NULL is the timeout sentinel */
    size_t done_head, done_len;
    wa__waitq getters;
    wa__timer timer;        /* queued while timing */
    size_t nholding;        /* entries holding */
    wa__resource resource;  /* on the loop's list while an entry holds */
    bool timing;
    bool freed;             /* by the user */
};

static void handle_completion(wa_future *f, void *arg);

/* The loop closed with callbacks that held a reference still scheduled:
 * it dropped them unrun, so their references go here. */
static void drop_holds_at_exit(wa__resource *r) {
    wa_as_completed *ac = WA__CONTAINER_OF(r, wa_as_completed, resource);
    size_t n = ac->nholding;
    for (size_t i = 0; i < ac->n; i++) ac->entries[i].holding = ac->entries[i].registered = false;
    ac->nholding = 0;
    while (n--) wa_future_unref(&ac->keep);     /* the last one frees ac */
}

/* A pending input's callback is taken back; a done input's is already
 * scheduled and cannot be. */
static void take_back(ac_entry *e) {
    if (!e->registered || wa_future_done(e->fut)) return;
    wa_future_remove_done_callback(e->fut, handle_completion, e);
    e->registered = false;
}

/* The callbacks scheduled and yet to run each hold a reference, when the
 * last other holder is about to let go. */
static void hold_scheduled(wa_as_completed *ac) {
    for (size_t i = 0; i < ac->n; i++) {
        ac_entry *e = &ac->entries[i];
        if (!e->registered || e->holding || !wa_future_done(e->fut)) continue;
        e->holding = true;
        if (ac->nholding++ == 0) wa__resource_add(ac->keep.loop, &ac->resource, drop_holds_at_exit);
        wa_future_ref(&ac->keep);
    }
}

static void as_completed_release(wa_future *f) {
    wa_as_completed *ac = (wa_as_completed *)f;
    for (size_t i = 0; i < ac->n; i++) {
        take_back(&ac->entries[i]);
        wa_future_unref(ac->entries[i].fut);
    }
    free(ac->entries);
    free(ac->done);
}

static const wa__future_ops as_completed_ops = {.size = sizeof(wa_as_completed), .release = as_completed_release,
                                                .name = "as_completed"};

static void put_done(wa_as_completed *ac, wa_future *f) {
    ac->done[ac->done_head + ac->done_len++] = f;   /* each input is put at most once */
    wa__waitq_wake_next(&ac->getters);
}

/* The loop drops a cancelled timer when it meets it, and its reference then. */
static void stop_timer(wa_as_completed *ac) {
    if (ac->timing) wa__ready_cancel(ac->keep.loop, &ac->timer.r);
    ac->timing = false;
}

/* asyncio's _handle_completion, which runs after the iteration is
 * abandoned too: it still cancels the timer once no input is awaited. */
static void handle_completion(wa_future *f, void *arg) {
    ac_entry *e = arg;
    wa_as_completed *ac = e->ac;
    e->registered = false;
    if (e->awaited) {       /* else the timeout came first */
        e->awaited = false;
        ac->nawaited--;
        if (!ac->freed) put_done(ac, f);
        if (ac->nawaited == 0) stop_timer(ac);
    }
    if (e->holding) {
        e->holding = false;
        if (--ac->nholding == 0) wa__resource_remove(&ac->resource);
        wa_future_unref(&ac->keep);
    }
}

/* The timer, leaving the loop: asyncio's _on_timeout when due, then the
 * timer's reference goes. */
static void on_timeout(wa_as_completed *ac) {
    ac->timing = false;
    for (size_t i = 0; i < ac->n; i++) {
        ac_entry *e = &ac->entries[i];
        if (!e->awaited) continue;
        take_back(e);
        e->awaited = false;
        if (!ac->freed) put_done(ac, NULL);
    }
    ac->nawaited = 0;
    if (ac->freed) hold_scheduled(ac);     /* the timer's reference goes next */
}

static void timer_run(wa_loop *loop, wa__timer *t, bool fire) {
    (void)loop;
    wa_as_completed *ac = WA__CONTAINER_OF(t, wa_as_completed, timer);
    if (fire) on_timeout(ac);
    wa_future_unref(&ac->keep);
}

void wa_as_completed_free(wa_as_completed *ac) {
    if (!ac) return;
    ac->freed = true;
    wa__waitq_clear(&ac->getters);
    /* with no timeout pending, asyncio's callbacks have nothing left to do */
    for (size_t i = 0; i < ac->n && !ac->timing; i++) take_back(&ac->entries[i]);
    hold_scheduled(ac);
    wa_future_unref(&ac->keep);
}

wa_as_completed *(wa_as_completed_new)(wa_coro *co, wa_future *const *futs, size_t n, double timeout) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    if (!wa__check_futures(co, futs, n, true, __func__)) {
        wa_error_unref(co->task->fut.await_error);      /* no await to raise it: the code says it */
        co->task->fut.await_error = NULL;
        return NULL;
    }
    if (isnan(timeout)) {
        wa__misuse(WA_EINVAL, __func__, "timeout is NaN");
        return NULL;
    }
    wa_as_completed *ac = (wa_as_completed *)wa__future_new_sub(loop, &as_completed_ops, __func__);
    if (!ac) return NULL;
    wa_future **unique = NULL;
    size_t k = n ? distinct(futs, n, &unique) : 0;
    if (k) {
        ac->entries = wa__sys_calloc(k, sizeof *ac->entries);
        ac->done = wa__sys_malloc(k * sizeof *ac->done);
    }
    if ((n && !k) || (k && (!ac->entries || !ac->done))) {
        for (size_t i = 0; i < k; i++) wa_future_unref(unique[i]);
        free(unique);
        wa_future_unref(&ac->keep);
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < k; i++) ac->entries[i] = (ac_entry){ac, unique[i], true, false, false};
    free(unique);
    ac->n = ac->nawaited = ac->left = k;
    for (size_t i = 0; i < k; i++) {
        ac_entry *e = &ac->entries[i];
        e->registered = wa_future_add_done_callback(e->fut, handle_completion, e) == WA_OK;
        if (e->registered) continue;
        wa_as_completed_free(ac);
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    if (k && timeout != WA_NO_TIMEOUT) {
        if (wa__timer_schedule(loop, &ac->timer, wa_loop_time(loop) + timeout, timer_run)) {
            wa_as_completed_free(ac);
            wa__misuse(WA_ENOMEM, __func__, "out of memory");
            return NULL;
        }
        wa_future_ref(&ac->keep);   /* the timer's */
        ac->timing = true;
    }
    return ac;
}

size_t wa_as_completed_left(const wa_as_completed *ac) { return ac ? ac->left : 0; }

typedef struct next_frame {
    wa_coro co;
    wa_as_completed *ac;
    wa_future *getter;
    wa_error *err;
} next_frame;

/* Queue.get: wait while the FIFO is empty, then take its head. */
static wa_status next_step(wa_coro *co) {
    next_frame *f = (next_frame *)co;
    wa_as_completed *ac = f->ac;
    WA_BEGIN(co);
    while (ac->done_len == 0) {
        f->getter = wa__waitq_add_waiter(&ac->getters, ac->keep.loop, "as_completed");
        if (!f->getter) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        WA_AWAIT_TRY(co, f->getter, f->err);
        if (f->err) {
            wa_future_cancel(f->getter, NULL);
            bool woken = !wa_future_cancelled(f->getter);
            wa__waitq_remove(&ac->getters, f->getter);
            if (ac->done_len > 0 && woken) wa__waitq_wake_next(&ac->getters);
            WA_RAISE(co, wa_error_ref(f->err));
        }
    }
    wa_future *done = ac->done[ac->done_head++];
    ac->done_len--;
    if (!done) WA_RAISE(co, wa_error_new(WA_TIMEOUT_ERROR, NULL));
    WA_RETURN(co, wa_ptr(done, NULL));
    WA_END(co);
}

wa_future *wa_as_completed_next(wa_coro *co, wa_as_completed *ac) {
    if (!wa__coro_loop(co, __func__)) return NULL;
    if (!ac || ac->left == 0) {
        wa__misuse(ac ? WA_EINVALIDSTATE : WA_EINVAL, __func__, ac ? "the iterator is exhausted" : "iterator is NULL");
        return wa__fail_await(co, wa__misuse_error_as(ac ? WA_RUNTIME_ERROR : WA_TYPE_ERROR));
    }
    ac->left--;
    return wa__call_push(co, next_step, sizeof(next_frame), &(next_frame){.ac = ac});
}
