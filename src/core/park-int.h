/*
 * park-int.h — tasks parked on a primitive with no waiter future (park.c),
 * and the waiter queues the primitives keep (waitq.c).
 */
#ifndef WA_PARK_INT_H
#define WA_PARK_INT_H

#include "step-int.h"    /* the park states, and the step of a woken task */

typedef struct wa__park_ops {
    const char *what;               /* reprs: "<Event.wait pending>" */
    const char *result;             /* ... and once woken: "True" */
    struct wa__waitq *(*waiters)(void *obj);    /* the list it waits on */
    /* At the task's next step, before its frames run: the code after
     * asyncio's `await fut`.  incoming is the error the step delivers (the
     * top frame holds it).  Leaves the value or an error in t->top and
     * returns true, or parks again and returns false (the step ends). */
    bool (*resume)(wa_task *t, wa_error *incoming);
    /* ... or, if not NULL, resume for the loop's hand-off (step-int.h),
     * which calls it only WOKEN with nothing incoming: the tests resume
     * starts with are passed already. */
    bool (*woken)(wa_task *t, wa_error *incoming);
} wa__park_ops;

/* A park on a future the task's frame holds (sleep's) rather than on a
 * list: its ops have waiters NULL and go on with how the park ends and
 * asyncio's cancel of that future.  Dropped before its await, such a park
 * ends quietly: the future stays, a plain one, and no coroutine went
 * unawaited.  A park on no list and no future (a TaskGroup's exit) has
 * them NULL: nothing to leave, and a list's cancel.  A park on an object
 * that points back at the task (a stream's read) has a leave, which also
 * runs when the task's frames go (wa__task_drop_frames), and one never
 * awaited is reported as a list's is. */
typedef struct wa__park_future_ops {
    wa__park_ops park;
    void (*leave)(wa_task *t);                      /* or NULL */
    bool (*cancel)(wa_task *t, const char *msg);    /* or NULL */
    /* the future parked on is the one the frame awaited (a sleep's), so
     * the task's slot holds it, a reference, as for any await; else the
     * slot holds what the task is parked on, borrowed */
    bool on_awaited;
} wa__park_future_ops;
/* The future-park ops of t's park, or NULL for a list's. */
static inline const wa__park_future_ops *wa__park_future_of(const wa_task *t);

/* The ops of t's park (t->park set). */
static inline const wa__park_ops *wa__park_ops_of(const wa_task *t) {
    return t->fut.loop->park_kinds[t->park_kind];
}
/* ops's index in loop's kinds, registered if new; -1 when all are taken. */
int wa__park_register(wa_loop *loop, const wa__park_ops *ops);
/* ... found without a call: the index plus one, or 0 if not registered yet. */
static inline uint8_t wa__park_known(const wa_loop *loop, const wa__park_ops *ops) {
    for (uint8_t i = 0; i < loop->npark_kinds; i++)
        if (loop->park_kinds[i] == ops) return (uint8_t)(i + 1);
    return 0;
}
/* t WAITING on obj, with the ops of loop->park_kinds[kind]. */
static inline void wa__park_set(wa_task *t, uint8_t kind, void *obj) {
    t->park = WA__PARK_WAITING;
    t->park_kind = kind;
    t->parked_on = obj;
}
/* Ends t's park, known to be off any list (woken by wa__waitq_wake_next,
 * or on no list): wa__park_leave with nothing to leave. */
static inline void wa__park_end(wa_task *t) {
    t->park = WA__PARK_NONE;
    t->parked_on = NULL;
}
/* What a resume raises at the await it resumes: take_err (a reference)
 * becomes the frame's error (WA__FRAME_ERROR). */
static inline void wa__park_raise(wa_task *t, wa_error *take_err) {
    wa_error_unref(t->fut.error);
    t->fut.error = take_err;
}
static inline const wa__park_future_ops *wa__park_future_of(const wa_task *t) {
    /* a build for size makes none (sleep.c), and links none of their code */
    const wa__park_ops *ops = wa__park_ops_of(t);
    return !WA__INLINE_PATHS || ops->waiters ? NULL : (const wa__park_future_ops *)ops;
}
/* Parks co's task on q for obj: returns WA__PARK for co's await, or
 * WA__FAILED (MemoryError).  Inline below for the common park. */
static inline wa_future *wa__park(wa_coro *co, struct wa__waitq *q, void *obj, const wa__park_ops *ops);
/* What co's await releases first (the previous await's value, error and
 * future), released by the park itself: WA_AWAIT ends the step at a park
 * without a call (wasyncio.h's WA__PARK). */
static inline void wa__park_release_await(wa_coro *co) {
    if (wa__await_left_more(co)) {
        wa__release_await(co);
        return;
    }
    wa__value_set_none(&co->value);
    wa__slot_empty(wa__owned(co));
}
/* ... for a primitive that remembers its kind: *kind is ops's index in its
 * loop's kinds plus one, or 0 until its first park sets it (a primitive
 * belongs to one loop), which spares the search. */
static inline wa_future *wa__park_as(wa_coro *co, struct wa__waitq *q, void *obj, const wa__park_ops *ops,
                                     uint8_t *kind);
/* ... the rest: a kind not seen yet, orphan frames or a park never
 * awaited to drop, a previous await's leftovers, a list to grow. */
wa_future *wa__park_slow(wa_coro *co, struct wa__waitq *q, void *obj, const wa__park_ops *ops, uint8_t *kind);
/* Parks co's task on obj, on no list (a TaskGroup's exit, a stream's
 * read), with ops: what the previous await left is released and a park
 * or library frame never awaited dropped first.  false when it cannot (no
 * kind of park left, or a park of its own still to be resumed), and then
 * nothing changed but those drops. */
bool wa__park_on(wa_coro *co, void *obj, const wa__park_ops *ops);
/* asyncio's set_result on the waiter: false unless the task was WAITING.
 * Inline: a queue's hand-off wakes through it. */
static inline bool wa__park_wake(wa_task *t) {
    if (t->park != WA__PARK_WAITING) return false;
    t->park = WA__PARK_WOKEN;
    wa__ready_push(t->fut.loop, &t->step);
    return true;
}
/* ... and cancel(msg): true when a CancelledError is now on its way in. */
bool wa__park_cancel(wa_task *t, const char *msg);
/* Off the list (if still on it: Event.set and a lock's wake-up leave the
 * woken there) and unparked: a resume's `finally`, or a park never awaited. */
void wa__park_leave(wa_task *t);
/* A park still WAITING whose await never came: left, and reported as
 * CPython reports a coroutine never awaited (a park on a future: quietly,
 * the future stays). */
void wa__park_drop(wa_task *t);

/* Whether t's slot holds what it is parked on, borrowed, rather than the
 * future its frame awaited (task-int.h). */
static inline bool wa__park_holds_slot(const wa_task *t) {
    if (!t->park) return false;
    const wa__park_future_ops *on_future = wa__park_future_of(t);
    return !on_future || !on_future->on_awaited;
}
/* The future t's innermost frame awaited last (the task's reference), or NULL. */
static inline wa_future *wa__task_awaited(const wa_task *t) { return wa__park_holds_slot(t) ? NULL : t->awaited; }
/* Gives that future back, if any; a park on it (a sleep's) ends with it. */
static inline void wa__task_drop_awaited(wa_task *t) {
    if (wa__park_holds_slot(t)) return;     /* nothing awaited: the slot is the park's */
    if (t->park) wa__park_leave(t);
    wa_future *f = t->awaited;
    if (!f) return;
    t->awaited = NULL;
    wa_future_unref(f);
}
/* Makes take_f (a reference, or NULL) the future t's innermost frame
 * awaited, in place of the one before.  A park still WAITING was never
 * awaited: it ends first (wa__park_drop). */
static inline void wa__task_set_awaited(wa_task *t, wa_future *take_f) {
    if (t->park == WA__PARK_WAITING) wa__park_drop(t);
    wa_future *old = wa__task_awaited(t);
    t->awaited = take_f;
    wa_future_unref(old);
}

/* Index i of a ring buffer starting at head.  Rings start at a power of
 * two and double, so a mask (its room less one, kept beside the room so
 * the hot paths need not work it out) wraps them: no division. */
static inline size_t wa__ring(size_t head, size_t i, size_t mask) { return (head + i) & mask; }

/* A FIFO of waiter futures (waitq.c), each held by a reference.  Event and
 * Queue lists also hold parked tasks, tagged by the pointer's low bit, and
 * a Lock's and a Semaphore's hold nothing else.
 * Why one list for both: asyncio wakes its waiters in arrival order, and a
 * parked task (no waiter future, see above) and a waiter future (from a
 * wait_for, say, which needs one) may wait on the same Event.  Tasks and
 * futures are 8-aligned, so bit 0 is free to say which an entry is. */
typedef struct wa__waitq {
    wa_future **items;
    size_t head, len, cap, mask;
} wa__waitq;
static inline wa_future *wa__waitq_tag(wa_task *t) { return (wa_future *)((uintptr_t)t | 1); }
/* The parked task an entry is, or NULL for a future. */
static inline wa_task *wa__waitq_task(const wa_future *f) {
    return (uintptr_t)f & 1 ? (wa_task *)((uintptr_t)f - 1) : NULL;
}
/* The future or task an entry is: a task is its future, at its start. */
static inline wa_future *wa__waitq_entry(wa_future *f) { return (wa_future *)((uintptr_t)f & ~(uintptr_t)1); }
int wa__waitq_grow(wa__waitq *q);                          /* WA_ENOMEM */
/* Appends f, with a reference for the list; WA_ENOMEM.  Inline, as every
 * park pushes: the common case is a store and a count. */
static inline int wa__waitq_push(wa__waitq *q, wa_future *f) {
    if (q->len == q->cap && wa__waitq_grow(q)) return WA_ENOMEM;
    wa__waitq_entry(f)->refs++;
    q->items[wa__ring(q->head, q->len++, q->mask)] = f;
    return WA_OK;
}
/* A new pending waiter future, which reprs call what ("Lock.acquire", a
 * static string), with one reference; NULL when out of memory. */
wa_future *wa__waiter_new(wa_loop *loop, const char *what);
/* A new waiter queued on q, borrowed (the queue holds it); NULL when out of
 * memory. */
wa_future *wa__waitq_add_waiter(wa__waitq *q, wa_loop *loop, const char *what);
wa_future *wa__waitq_peek(const wa__waitq *q, size_t i);   /* borrowed */
wa_future *wa__waitq_pop(wa__waitq *q);                    /* the queue's reference */
bool wa__waitq_remove(wa__waitq *q, wa_future *f);
/* asyncio's _wakeup_next: the first waiter not yet done gets a result.
 * Inline for the empty list: a get wakes the putters, mostly none. */
bool wa__waitq_wake_first(wa__waitq *q);
static inline bool wa__waitq_wake_next(wa__waitq *q);
void wa__waitq_clear(wa__waitq *q);

/* Inline too is the hand-off's wake-up: a parked task first in line, on
 * the loop's list as well, so the list's reference is never its last. */
static inline bool wa__waitq_wake_next(wa__waitq *q) {
    if (!q->len) return false;
    uintptr_t first = (uintptr_t)q->items[q->head];
    /* the tag tested by hand: a task's pointer is never NULL */
    wa_task *t = (wa_task *)(first - 1);
    if (!(first & 1) || t->park != WA__PARK_WAITING || t->fut.refs == 1) return wa__waitq_wake_first(q);
    q->head = wa__ring(q->head, 1, q->mask);
    q->len--;
    t->fut.refs--;
    return wa__park_wake(t);
}

static inline wa_future *wa__park_as(wa_coro *co, wa__waitq *q, void *obj, const wa__park_ops *ops,
                                     uint8_t *kind) {
    wa_task *t = co->task;
    /* a previous await that left an error or a future: the library
     * releases them, first, as the park takes the future's slot */
    if (!*kind || t->top != co || t->park == WA__PARK_WAITING || q->len == q->cap || wa__await_left_more(co))
        return wa__park_slow(co, q, obj, ops, kind);
    wa__waitq_push(q, wa__waitq_tag(t));    /* has room */
    wa__park_set(t, (uint8_t)(*kind - 1), obj);
    wa__value_set_none(&co->value);         /* the rest of what the await releases */
    wa__slot_empty(wa__owned(co));
    return WA__PARK;
}

static inline wa_future *wa__park(wa_coro *co, wa__waitq *q, void *obj, const wa__park_ops *ops) {
    uint8_t kind = wa__park_known(co->task->fut.loop, ops);
    return wa__park_as(co, q, obj, ops, &kind);
}

#endif
