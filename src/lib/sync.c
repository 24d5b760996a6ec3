/*
 * sync.c — asyncio's Lock, Event, Condition, Semaphore and BoundedSemaphore,
 * and the guard scope behind WA_WITH_ACQUIRED.
 *
 * Each waiter is a future in a FIFO (waitq.c); the waiting coroutines are
 * library frames written line for line after asyncio/locks.py, so the
 * corner cases (a waiter cancelled just as it is woken, a cancellation
 * while re-acquiring the lock in Condition.wait) behave the same.
 * Event.wait, the one an idle server's tasks sit in by the thousand, and
 * Lock.acquire and Semaphore.acquire, which every contended hand-off goes
 * through, park the task itself instead (park.c), which replays the
 * future exactly.
 */
#include <stdlib.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

/* ---- shared ------------------------------------------------------------------ */

/* The loop a new primitive binds to; NULL (misuse recorded) if unusable. */
static bool usable_loop(wa_loop *loop, const char *func) {
    if (!loop) return wa__misuse(WA_EINVAL, func, "loop is NULL"), false;
    if (loop->closed) return wa__misuse(WA_ECLOSED, func, "Event loop is closed"), false;
    return true;
}

static void *new_object(wa_loop *loop, size_t size, const char *func) {
    if (!usable_loop(loop, func)) return NULL;
    void *p = wa__sys_calloc(1, size);
    if (!p) wa__misuse(WA_ENOMEM, func, "out of memory");
    return p;
}

/* Waiters of a loop already freed belong to tasks it destroyed: nothing
 * waits any more (their futures keep that loop's memory alive), so the
 * object may go, as asyncio's collector takes it with the tasks.  The
 * first waiter may be a parked task, tagged (park-int.h). */
static int busy(const wa__waitq *q, const char *func) {
    if (!q->len || wa__waitq_entry(wa__waitq_peek(q, 0))->loop->user_freed) return WA_OK;
    return wa__misuse(WA_EINVALIDSTATE, func, "tasks are waiting on it");
}

#define CALL(co, obj, step, frame_type, ...)                                   \
    (WA__BOUND((co), (obj)) ? wa__call_push((co), (step), sizeof(frame_type), &(frame_type){__VA_ARGS__}) \
                            : wa__bound_refused((co), (obj), "object", __func__))

/* asyncio's all(w.cancelled() for w in waiters) for a Lock or a
 * Semaphore, whose every waiter is a parked task: cancelled when its park
 * is. */
static bool all_cancelled(const wa__waitq *q) {
    for (size_t i = 0; i < q->len; i++)
        if (wa__waitq_task(wa__waitq_peek(q, i))->park != WA__PARK_CANCELLED) return false;
    return true;
}

/* How a parked wait ends, once its primitive has done its part: an error
 * on its way in goes on (the frame holds it), a cancel raises, and
 * otherwise the await's value is True. */
static bool wait_ends(wa_task *t, wa_error *incoming, bool cancelled) {
    if (incoming) return true;
    if (cancelled)
        wa__park_raise(t, wa__cancelled_error_new(NULL));   /* its own was lost to out of memory */
    else
        wa__deliver(t->top, wa_bool(true));
    return true;
}

/* ---- Lock ------------------------------------------------------------------- */

struct wa_lock {
    wa_loop *loop;
    wa__waitq waiters;      /* every waiter a parked task, tagged (park-int.h) */
    bool locked;
    uint8_t park_kind;      /* wa__park_as's cache of the kind of its park */
};

wa_lock *wa_lock_new(wa_loop *loop) {
    wa_lock *l = new_object(loop, sizeof *l, __func__);
    if (l) l->loop = loop;
    return l;
}

int wa_lock_free(wa_lock *l) {
    if (!l) return WA_OK;
    int rc = busy(&l->waiters, __func__);
    if (rc) return rc;
    wa__waitq_clear(&l->waiters);
    free(l);
    return WA_OK;
}

bool wa_lock_locked(const wa_lock *l) { return l && l->locked; }

/* Wakes the first waiter, unless it is already done (asyncio's
 * _wake_up_first looks at the first one only): a woken waiter stays first
 * until its task runs, so a release meanwhile wakes no one else. */
static void wake_up_first(wa_lock *l) {
    wa_future *f = wa__waitq_peek(&l->waiters, 0);
    if (f) wa__park_wake(wa__waitq_task(f));
}

int wa_lock_release(wa_lock *l) {
    if (!l) return wa__misuse(WA_EINVAL, __func__, "lock is NULL");
    if (!l->locked) return wa__misuse_as(WA_RUNTIME_ERROR, WA_EINVALIDSTATE, __func__, "Lock is not acquired.");
    l->locked = false;
    wake_up_first(l);
    return WA_OK;
}

int wa__lock_release_any(void *l) { return wa_lock_release(l); }

/* Lock.acquire parks the task (park.c); this is the rest of asyncio's
 * acquire() after `await fut`: `finally: self._waiters.remove(fut)`; on
 * CancelledError, the wake-up it may have had passes to the next waiter
 * unless the lock was taken meanwhile; else the lock is ours. */
static wa__waitq *lock_waiters(void *l) { return &((wa_lock *)l)->waiters; }

static bool lock_resume(wa_task *t, wa_error *incoming) {
    wa_lock *l = t->parked_on;
    bool cancelled = t->park == WA__PARK_CANCELLED;
    wa__park_leave(t);
    if (!incoming && !cancelled)
        l->locked = true;
    else if ((cancelled || wa_error_is(incoming, WA_CANCELLED_ERROR)) && !l->locked)
        wake_up_first(l);
    return wait_ends(t, incoming, cancelled);
}

static const wa__park_ops lock_park = {"Lock.acquire", "True", lock_waiters, lock_resume, NULL};

wa_future *wa_lock_acquire(wa_coro *co, wa_lock *l) {
    if (!WA__BOUND(co, l)) return wa__bound_refused(co, l, "object", __func__);
    if (!l->locked && all_cancelled(&l->waiters)) {
        l->locked = true;       /* free: taken at once, as acquire() does without suspending */
        return wa__done_with(co, wa_bool(true));
    }
    return wa__park_as(co, &l->waiters, l, &lock_park, &l->park_kind);
}

/* ---- Event ------------------------------------------------------------------ */

struct wa_event {
    wa_loop *loop;
    wa__waitq waiters;
    bool value;
};

wa_event *wa_event_new(wa_loop *loop) {
    wa_event *e = new_object(loop, sizeof *e, __func__);
    if (e) e->loop = loop;
    return e;
}

int wa_event_free(wa_event *e) {
    if (!e) return WA_OK;
    int rc = busy(&e->waiters, __func__);
    if (rc) return rc;
    wa__waitq_clear(&e->waiters);
    free(e);
    return WA_OK;
}

bool wa_event_is_set(const wa_event *e) { return e && e->value; }
void wa_event_clear(wa_event *e) {
    if (e) e->value = false;
}

void wa_event_set(wa_event *e) {
    if (!e || e->value) return;
    e->value = true;
    for (size_t i = 0; i < e->waiters.len; i++) {
        wa_future *f = wa__waitq_peek(&e->waiters, i);
        wa_task *t = wa__waitq_task(f);
        if (t)
            wa__park_wake(t);
        else if (!wa_future_done(f))
            wa_future_set_result(f, wa_bool(true));
    }
}

/* Event.wait parks the task (park.c); this is the rest of asyncio's
 * wait(): `finally: self._waiters.remove(fut)`, then True. */
static wa__waitq *event_waiters(void *e) { return &((wa_event *)e)->waiters; }

static bool event_resume(wa_task *t, wa_error *incoming) {
    bool cancelled = t->park == WA__PARK_CANCELLED;
    wa__park_leave(t);
    return wait_ends(t, incoming, cancelled);
}

static const wa__park_ops event_park = {"Event.wait", "True", event_waiters, event_resume, NULL};

wa_future *wa_event_wait(wa_coro *co, wa_event *e) {
    if (!WA__BOUND(co, e)) return wa__bound_refused(co, e, "object", __func__);
    if (e->value) return wa__done_with(co, wa_bool(true));
    return wa__park(co, &e->waiters, e, &event_park);
}

/* ---- Condition -------------------------------------------------------------- */

struct wa_condition {
    wa_loop *loop;
    wa_lock *lock;
    bool own_lock;
    wa__waitq waiters;
};

wa_condition *wa_condition_new(wa_loop *loop, wa_lock *lock) {
    if (lock && lock->loop != loop) {
        wa__misuse(WA_EFOREIGN, __func__, "the lock is bound to a different event loop");
        return NULL;
    }
    wa_condition *c = new_object(loop, sizeof *c, __func__);
    if (!c) return NULL;
    c->loop = loop;
    c->lock = lock ? lock : wa_lock_new(loop);
    c->own_lock = !lock;
    if (!c->lock) {
        free(c);
        return NULL;
    }
    return c;
}

int wa_condition_free(wa_condition *c) {
    if (!c) return WA_OK;
    int rc = busy(&c->waiters, __func__);
    if (!rc && c->own_lock) rc = busy(&c->lock->waiters, __func__);
    if (rc) return rc;
    if (c->own_lock) wa_lock_free(c->lock);
    wa__waitq_clear(&c->waiters);
    free(c);
    return WA_OK;
}

wa_lock *wa_condition_lock(wa_condition *c) {
    if (!c) wa__misuse(WA_EINVAL, __func__, "condition is NULL");
    return c ? c->lock : NULL;
}
int wa__condition_release_any(void *c) { return wa_lock_release(c ? ((wa_condition *)c)->lock : NULL); }

wa_future *wa_condition_acquire(wa_coro *co, wa_condition *c) {
    if (!c) return wa__bound_refused(co, c, "object", __func__);
    return wa_lock_acquire(co, c->lock);
}

static void notify(wa_condition *c, size_t n) {
    size_t woken = 0;
    for (size_t i = 0; i < c->waiters.len && woken < n; i++) {
        wa_future *f = wa__waitq_peek(&c->waiters, i);
        if (wa_future_done(f)) continue;
        woken++;
        wa_future_set_result(f, wa_bool(false));
    }
}

int wa_condition_notify(wa_condition *c, size_t n) {
    if (!c) return wa__misuse(WA_EINVAL, __func__, "condition is NULL");
    if (!c->lock->locked) return wa__misuse_as(WA_RUNTIME_ERROR, WA_EINVALIDSTATE, __func__, "cannot notify on un-acquired lock");
    notify(c, n);
    return WA_OK;
}

int wa_condition_notify_all(wa_condition *c) { return wa_condition_notify(c, c ? c->waiters.len : 0); }

typedef struct cond_frame {
    wa_coro co;
    wa_condition *cond;
    wa_value (*pred)(void *arg);
    void *arg;
    wa_future *fut;
    wa_error *err;
    wa_error *waited;       /* how the wait itself ended (kept by the frame) */
    wa_error *cancelled;    /* the latest cancellation while re-acquiring (kept) */
} cond_frame;

/* The frame keeps an error it holds in a field (slot), so one it drops
 * while the task is destroyed mid-wait goes with it. */
static void keep_error(wa_coro *co, wa_error **slot, wa_error *take) {
    *slot = take;
    if (!wa__keep(co, WA__KEEP_ERROR, take, slot)) *slot = NULL;   /* out of memory: released */
}

static wa_status cond_wait_step(wa_coro *co) {
    cond_frame *f = (cond_frame *)co;
    wa_condition *c = f->cond;
    WA_BEGIN(co);
    if (!c->lock->locked) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "cannot wait on un-acquired lock"));
    f->fut = wa__waiter_new(c->loop, "Condition.wait");
    if (!f->fut) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    wa_lock_release(c->lock);
    if (wa__waitq_push(&c->waiters, f->fut)) {
        keep_error(co, &f->waited, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        wa_future_unref(f->fut);
    } else {
        wa_future_unref(f->fut);
        WA_AWAIT_TRY(co, f->fut, f->err);
        wa__waitq_remove(&c->waiters, f->fut);
        keep_error(co, &f->waited, wa_error_ref(f->err));
    }
    /* finally: take the lock back, whatever happens meanwhile */
    for (;;) {
        WA_AWAIT_TRY(co, wa_lock_acquire(co, c->lock), f->err);
        if (!f->err) break;
        if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) {
            keep_error(co, &f->waited, wa_error_ref(f->err));
            break;
        }
        keep_error(co, &f->cancelled, wa_error_ref(f->err));
    }
    if (f->cancelled || f->waited) {
        notify(c, 1);
        WA_RAISE(co, wa_error_ref(f->cancelled ? f->cancelled : f->waited));
    }
    WA_RETURN(co, wa_bool(true));
    WA_END(co);
}

wa_future *wa_condition_wait(wa_coro *co, wa_condition *c) {
    return CALL(co, c, cond_wait_step, cond_frame, .cond = c);
}

/* asyncio: `result = predicate()` until truthy, then `return result` */
static wa_status cond_wait_for_step(wa_coro *co) {
    cond_frame *f = (cond_frame *)co;
    wa_value result;
    WA_BEGIN(co);
    for (;;) {
        result = f->pred(f->arg);
        if (wa_value_truthy(&result)) WA_RETURN(co, result);
        WA_AWAIT_CALL(co, cond_wait_step, cond_frame, .cond = f->cond);
    }
    WA_END(co);
}

wa_future *wa_condition_wait_for(wa_coro *co, wa_condition *c, wa_value (*pred)(void *arg), void *arg) {
    if (c && !pred) {
        wa__misuse(WA_EINVAL, __func__, "predicate is NULL");
        return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
    }
    return CALL(co, c, cond_wait_for_step, cond_frame, .cond = c, .pred = pred, .arg = arg);
}

/* ---- Semaphore -------------------------------------------------------------- */

struct wa_semaphore {
    wa_loop *loop;
    wa__waitq waiters;      /* every waiter a parked task, tagged (park-int.h) */
    int64_t value;
    int64_t bound;          /* BoundedSemaphore's initial value; -1 unbounded */
    uint8_t park_kind;      /* wa__park_as's cache of the kind of its park */
};

static wa_semaphore *semaphore_new(wa_loop *loop, int64_t value, bool bounded, const char *func) {
    if (value < 0) {
        wa__misuse(WA_EINVAL, func, "Semaphore initial value must be >= 0");
        return NULL;
    }
    wa_semaphore *s = new_object(loop, sizeof *s, func);
    if (!s) return NULL;
    s->loop = loop;
    s->value = value;
    s->bound = bounded ? value : -1;
    return s;
}

wa_semaphore *wa_semaphore_new(wa_loop *loop, int64_t value) { return semaphore_new(loop, value, false, __func__); }
wa_semaphore *wa_bounded_semaphore_new(wa_loop *loop, int64_t value) {
    return semaphore_new(loop, value, true, __func__);
}

int wa_semaphore_free(wa_semaphore *s) {
    if (!s) return WA_OK;
    int rc = busy(&s->waiters, __func__);
    if (rc) return rc;
    wa__waitq_clear(&s->waiters);
    free(s);
    return WA_OK;
}

int64_t wa_semaphore_value(const wa_semaphore *s) { return s ? s->value : 0; }

bool wa_semaphore_locked(const wa_semaphore *s) {
    if (!s) return false;
    return s->value == 0 || !all_cancelled(&s->waiters);
}

/* asyncio's _wake_up_next: the first waiter not yet done (woken or
 * cancelled) is woken, with a unit taken for it. */
static bool wake_up_next(wa_semaphore *s) {
    for (size_t i = 0; i < s->waiters.len; i++) {
        wa_task *t = wa__waitq_task(wa__waitq_peek(&s->waiters, i));
        if (t->park != WA__PARK_WAITING) continue;
        s->value--;
        wa__park_wake(t);
        return true;
    }
    return false;
}

int wa_semaphore_release(wa_semaphore *s) {
    if (!s) return wa__misuse(WA_EINVAL, __func__, "semaphore is NULL");
    if (s->bound >= 0 && s->value >= s->bound)
        return wa__misuse(WA_EINVAL, __func__, "BoundedSemaphore released too many times");
    s->value++;
    wake_up_next(s);
    return WA_OK;
}

int wa__semaphore_release_any(void *s) { return wa_semaphore_release(s); }

/* Semaphore.acquire parks the task (park.c); this is the rest of
 * asyncio's acquire() after `await fut`: `finally:
 * self._waiters.remove(fut)`; woken but cancelled, the unit taken for it
 * goes back; then, whatever happened, newcomers that queued behind it are
 * woken as far as units allow. */
static wa__waitq *semaphore_waiters(void *s) { return &((wa_semaphore *)s)->waiters; }

static bool semaphore_resume(wa_task *t, wa_error *incoming) {
    wa_semaphore *s = t->parked_on;
    bool cancelled = t->park == WA__PARK_CANCELLED, woken = t->park == WA__PARK_WOKEN;
    wa__park_leave(t);
    if (woken && wa_error_is(incoming, WA_CANCELLED_ERROR)) s->value++;
    while (s->value > 0 && wake_up_next(s)) {}
    return wait_ends(t, incoming, cancelled);
}

static const wa__park_ops semaphore_park = {"Semaphore.acquire", "True", semaphore_waiters, semaphore_resume, NULL};

wa_future *wa_semaphore_acquire(wa_coro *co, wa_semaphore *s) {
    if (!WA__BOUND(co, s)) return wa__bound_refused(co, s, "object", __func__);
    if (!wa_semaphore_locked(s)) {
        s->value--;     /* free: taken at once, as acquire() does without suspending */
        return wa__done_with(co, wa_bool(true));
    }
    return wa__park_as(co, &s->waiters, s, &semaphore_park, &s->park_kind);
}

/* ---- the guard of WA_WITH_ACQUIRED -------------------------------------------- */

static wa_future *guard_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    wa_guard *g = (wa_guard *)s;
    int rc = g->release(g->obj);
    if (rc) {
        /* an error raised by __aexit__ replaces the one in flight: what
         * release raises (a Lock's RuntimeError, a BoundedSemaphore's
         * ValueError) */
        wa_error_unref(s->error);
        s->error = wa__misuse_error();
    }
    return NULL;
}

/* A frame freed inside the body: the task is being destroyed, so is the
 * loop; releasing would wake a waiter nobody runs. */
static void guard_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops guard_ops = {guard_exit, guard_drop};

wa_scope *wa__guard(wa_guard *g, void *obj, int (*release)(void *obj)) {
    g->scope.ops = &guard_ops;
    g->obj = obj;
    g->release = release;
    return &g->scope;
}
