/*
 * queue.c — asyncio.Queue, LifoQueue and PriorityQueue, with 3.13's
 * shutdown.
 *
 * The waiting is asyncio/queues.py's: a getter that finds the queue empty
 * queues a future and waits, and whoever puts wakes the first getter not
 * yet done; a getter cancelled after it was woken passes the wake-up on, so
 * no item is left behind with a getter waiting; putters wait for room the
 * same way.  Both park their task in place of the future (park.c: no
 * frame, no allocation per hand-off).  The priority queue is a
 * binary heap sifted exactly as heapq sifts, so even equal priorities come
 * out in CPython's order.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

struct wa_queue {
    wa_loop *loop;
    wa_queue_kind kind;
    int64_t maxsize;
    wa_value *items;        /* FIFO: a ring from head; LIFO and heap: items[0..len) */
    size_t head, len, cap, mask;
    wa__waitq getters, putters;
    size_t unfinished;
    wa_event *finished;
    /* The length at which a put waits: maxsize, or none (UINT64_MAX) when
     * maxsize is not positive, and 0 once shut down, as put_wait raises
     * then.  So put's fast path asks one question, not two. */
    uint64_t put_limit;
    bool shutdown;
    uint8_t get_kind, next_kind, put_kind;  /* the parks' kinds in the loop (wa__park_as) */
};

wa_queue *wa_queue_new(wa_loop *loop, wa_queue_kind kind, int64_t maxsize) {
    if (kind != WA_QUEUE_FIFO && kind != WA_QUEUE_LIFO && kind != WA_QUEUE_PRIORITY) {
        wa__misuse(WA_EINVAL, __func__, "unknown queue kind %d", (int)kind);
        return NULL;
    }
    wa_event *finished = wa_event_new(loop);
    if (!finished) return NULL;
    wa_queue *q = wa__sys_calloc(1, sizeof *q);
    if (!q) {
        wa_event_free(finished);
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    q->loop = loop;
    q->kind = kind;
    q->maxsize = maxsize;
    q->put_limit = maxsize > 0 ? (uint64_t)maxsize : UINT64_MAX;
    q->finished = finished;
    wa_event_set(finished);
    return q;
}

static wa_value *slot(wa_queue *q, size_t i) { return &q->items[wa__ring(q->head, i, q->mask)]; }

int wa_queue_free(wa_queue *q) {
    if (!q) return WA_OK;
    if (q->getters.len || q->putters.len || wa_event_free(q->finished))
        return wa__misuse(WA_EINVALIDSTATE, __func__, "tasks are waiting on it");
    for (size_t i = 0; i < q->len; i++) wa_value_clear(slot(q, i));
    free(q->items);
    wa__waitq_clear(&q->getters);
    wa__waitq_clear(&q->putters);
    free(q);
    return WA_OK;
}

size_t wa_queue_qsize(const wa_queue *q) { return q ? q->len : 0; }
bool wa_queue_empty(const wa_queue *q) { return !q || q->len == 0; }
int64_t wa_queue_maxsize(const wa_queue *q) { return q ? q->maxsize : 0; }
bool wa_queue_full(const wa_queue *q) { return q && q->maxsize > 0 && (int64_t)q->len >= q->maxsize; }

/* ---- the three orders --------------------------------------------------------- */

static bool less(const wa_value *a, const wa_value *b) { return wa_value_compare(a, b) < 0; }

/* heapq._siftdown: move items[pos] up towards start. */
static void sift_down(wa_value *h, size_t start, size_t pos) {
    wa_value item = h[pos];
    while (pos > start) {
        size_t parent = (pos - 1) >> 1;
        if (!less(&item, &h[parent])) break;
        h[pos] = h[parent];
        pos = parent;
    }
    h[pos] = item;
}

/* heapq._siftup: bubble the smaller child up to the leaf, then sift down. */
static void sift_up(wa_value *h, size_t n, size_t pos) {
    size_t start = pos;
    wa_value item = h[pos];
    size_t child = 2 * pos + 1;
    while (child < n) {
        size_t right = child + 1;
        if (right < n && !less(&h[child], &h[right])) child = right;
        h[pos] = h[child];
        pos = child;
        child = 2 * pos + 1;
    }
    h[pos] = item;
    sift_down(h, start, pos);
}

/* Doubles the room of a full queue, unwrapping the ring; WA_ENOMEM. */
static int grow(wa_queue *q) {
    size_t cap = q->cap ? q->cap * 2 : 8;
    wa_value *grown = wa__sys_malloc(cap * sizeof *grown);
    if (!grown) return WA_ENOMEM;
    for (size_t i = 0; i < q->len; i++) grown[i] = *slot(q, i);
    free(q->items);
    q->items = grown;
    q->cap = cap;
    q->mask = cap - 1;
    q->head = 0;
    return WA_OK;
}

/* Stores the owned value *v; WA_ENOMEM.  Inline: every put and hand-off
 * goes through here, and the common case is one store.  (Values go by
 * pointer on these paths: copies of the 24-byte struct cost more than the
 * rest of a put.) */
static inline int put_item(wa_queue *q, const wa_value *v) {
    if (q->len == q->cap && grow(q)) return WA_ENOMEM;
    *slot(q, q->len++) = *v;
    if (q->kind == WA_QUEUE_PRIORITY) sift_down(q->items, 0, q->len - 1);
    return WA_OK;
}

/* Removes the next item of a LIFO or priority queue. */
static wa_value take_ordered(wa_queue *q) {
    if (q->kind == WA_QUEUE_LIFO) return q->items[--q->len];
    wa_value last = q->items[--q->len];
    if (q->len == 0) return last;
    wa_value v = q->items[0];
    q->items[0] = last;
    sift_up(q->items, q->len, 0);
    return v;
}

/* Moves the next item to *out (the caller owns it now); FIFO inline, as above. */
static inline void take_item(wa_queue *q, wa_value *out) {
    if (q->kind != WA_QUEUE_FIFO) {
        *out = take_ordered(q);
        return;
    }
    *out = q->items[q->head];
    q->head = wa__ring(q->head, 1, q->mask);
    q->len--;
}

/* The item, as the result of co's get: moved into the slot (wa__done_with
 * without the copies, nor the None a release would store first). */
static inline void take_into(wa_queue *q, wa_coro *co) {
    wa_value *slot = wa__owned(co);
    if (wa__value_owns(slot)) wa_value_clear(slot);
    take_item(q, slot);
}

/* A get lets the first putter waiting in.  Out of line: a get that waits
 * mostly finds none, and inline the wake-up costs such a get registers. */
WA__RARE static bool wake_putter(wa_queue *q) {
    wa__waitq_wake_next(&q->putters);
    return true;
}

/* The queue's finished event is set exactly while no item is unfinished:
 * so only the put that starts a run of work has to clear it. */
static inline void count_unfinished(wa_queue *q) {
    if (q->unfinished++ == 0) wa_event_clear(q->finished);
}

/* ---- nowait ------------------------------------------------------------------- */

/* Stores *owned, the queue's now, and wakes a getter.  WA_ENOMEM. */
static inline int put_owned(wa_queue *q, const wa_value *owned) {
    if (put_item(q, owned)) return WA_ENOMEM;
    count_unfinished(q);
    wa__waitq_wake_next(&q->getters);
    return WA_OK;
}

static int put_copy(wa_queue *q, wa_value *v) {
    wa_value owned;
    if (wa_value_copy(&owned, v)) return WA_ENOMEM;
    if (put_owned(q, &owned)) {
        if (owned.kind == WA_KIND_PTR) owned.as.ptr.dtor = NULL;    /* still the caller's */
        wa_value_clear(&owned);
        return WA_ENOMEM;
    }
    return WA_OK;
}

/* Stores a copy of *v and wakes a getter: put_nowait once its checks
 * passed, and put() at the await when the queue has room (asyncio's put
 * calls put_nowait when full() is false: no frame, no waiting).  None and
 * numbers own nothing: no copy to make.  WA_ENOMEM. */
static inline int put_now(wa_queue *q, wa_value *v) {
    return wa__value_owns(v) ? put_copy(q, v) : put_owned(q, v);
}

int wa_queue_put_nowait(wa_queue *q, wa_value v) {
    if (!q) return wa__misuse(WA_EINVAL, __func__, "queue is NULL");
    if (q->shutdown) return wa__misuse(WA_ESHUTDOWN, __func__, "the queue is shut down");
    if (wa_queue_full(q)) return wa__misuse(WA_EFULL, __func__, "the queue is full");
    return put_now(q, &v) ? wa__misuse(WA_ENOMEM, __func__, "out of memory") : WA_OK;
}

int wa_queue_get_nowait(wa_queue *q, wa_value *out) {
    if (out) *out = wa_none();
    if (!q || !out) return wa__misuse(WA_EINVAL, __func__, q ? "out is NULL" : "queue is NULL");
    if (q->len == 0)
        return q->shutdown ? wa__misuse(WA_ESHUTDOWN, __func__, "the queue is shut down")
                           : wa__misuse(WA_EEMPTY, __func__, "the queue is empty");
    take_item(q, out);
    wa__waitq_wake_next(&q->putters);
    return WA_OK;
}

int wa_queue_task_done(wa_queue *q) {
    if (!q) return wa__misuse(WA_EINVAL, __func__, "queue is NULL");
    if (q->unfinished == 0) return wa__misuse(WA_EINVAL, __func__, "task_done() called too many times");
    if (--q->unfinished == 0) wa_event_set(q->finished);
    return WA_OK;
}

int wa_queue_shutdown(wa_queue *q, bool immediate) {
    if (!q) return wa__misuse(WA_EINVAL, __func__, "queue is NULL");
    q->shutdown = true;
    q->put_limit = 0;
    if (immediate) {
        while (q->len) {
            wa_value v;
            take_item(q, &v);
            wa_value_clear(&v);
            if (q->unfinished > 0) q->unfinished--;
        }
        if (q->unfinished == 0) wa_event_set(q->finished);
    }
    while (wa__waitq_wake_next(&q->getters)) {}
    while (wa__waitq_wake_next(&q->putters)) {}
    return WA_OK;
}

/* ---- waiting ------------------------------------------------------------------ */

typedef struct queue_frame {
    wa_coro co;
    wa_queue *q;
} queue_frame;


/* get() parks the task on the getters (park.c); at its next step this runs
 * the rest of asyncio's loop:
 *     while self.empty():
 *         if self._is_shutdown: raise QueueShutDown
 *         getter = create_future(); self._getters.append(getter)
 *         try: await getter
 *         except: getter.cancel(); remove it; pass a real wake-up on; raise
 *     return self.get_nowait() */
static wa__waitq *getters_of(void *q) { return &((wa_queue *)q)->getters; }
static const wa__park_ops next_park;

/* Gives the next item to t's get, and lets a putter in. */
static inline bool hand_over(wa_queue *q, wa_task *t) {
    take_into(q, t->top);
    wa__view_owned(t->top);
    return q->putters.len ? wake_putter(q) : true;
}

/* Every resume but the hand-off: an error or a cancel on its way in, or
 * the item gone to someone else (back of the line, or shut down). */
WA__RARE static bool get_resume_other(wa_task *t, wa_error *incoming) {
    wa_queue *q = t->parked_on;
    bool cancelled = t->park == WA__PARK_CANCELLED;
    if (t->park == WA__PARK_WOKEN)
        wa__park_end(t);    /* wake_next took it off the list */
    else
        wa__park_leave(t);
    if (incoming || cancelled) {
        if (!incoming) wa__park_raise(t, wa__cancelled_error_new(NULL));   /* its own was lost to out of memory */
        if (q->len > 0 && !cancelled) wa__waitq_wake_next(&q->getters);
        return true;
    }
    if (q->len > 0) return hand_over(q, t);
    wa_error *err = NULL;
    if (q->shutdown)
        err = wa__park_ops_of(t) == &next_park ? wa_error_new(WA_STOP_ASYNC_ITERATION, NULL) : wa_error_new(WA_QUEUE_SHUTDOWN, NULL);
    else if (wa__waitq_push(&q->getters, wa__waitq_tag(t)))
        err = wa_error_new(WA_MEMORY_ERROR, "out of memory");
    if (!err) {
        wa__park_set(t, t->park_kind, q);   /* woken, but the item went elsewhere: back of the line */
        return false;
    }
    wa__park_raise(t, err);
    return true;
}

/* The hand-off, woken with nothing incoming and an item there: hand_over
 * written out for a FIFO queue and a slot the park emptied, with no call
 * but a putter's wake-up (so no registers to save). */
static inline bool get_handed(wa_task *t) {
    wa_queue *q = t->parked_on;
    wa_value *slot = &t->fut.result;
    if (q->len == 0 || q->kind != WA_QUEUE_FIFO || wa__value_owns(slot)) return get_resume_other(t, NULL);
    wa__park_end(t);    /* wake_next took it off the list */
    take_item(q, slot);
    wa__view_owned(t->top);
    return q->putters.len ? wake_putter(q) : true;
}

static bool get_resume(wa_task *t, wa_error *incoming) {
    if (t->park != WA__PARK_WOKEN || incoming) return get_resume_other(t, incoming);
    return get_handed(t);
}

/* The loop's hand-off (WOKEN, nothing incoming) skips get_resume's tests. */
static bool get_woken(wa_task *t, wa_error *incoming) {
    (void)incoming;
    return get_handed(t);
}

static const wa__park_ops get_park = {"Queue.get", "None", getters_of, get_resume,
                                      WA__INLINE_PATHS ? get_woken : NULL};
/* WA_ASYNC_FOR's get: shutdown ends the loop */
static const wa__park_ops next_park = {"Queue.get", "None", getters_of, get_resume,
                                       WA__INLINE_PATHS ? get_woken : NULL};

/* put() of a full queue parks the task on the putters, the item it puts
 * held in the task's slot (a copy it owns; the park emptied the slot); at
 * its next step this runs the rest of asyncio's loop:
 *     while self.full():
 *         if self._is_shutdown: raise QueueShutDown
 *         putter = create_future(); self._putters.append(putter)
 *         try: await putter
 *         except: putter.cancel(); remove it; pass a real wake-up on if not full; raise
 *     return self.put_nowait(item) */
static wa__waitq *putters_of(void *q) { return &((wa_queue *)q)->putters; }

static bool put_resume(wa_task *t, wa_error *incoming) {
    wa_queue *q = t->parked_on;
    wa_value *item = &t->fut.result;
    bool woken = t->park == WA__PARK_WOKEN;
    bool cancelled = t->park == WA__PARK_CANCELLED;
    if (woken)
        wa__park_end(t);    /* wake_next took it off the list */
    else
        wa__park_leave(t);
    wa_error *err = NULL;
    if (incoming || cancelled) {
        if (!incoming) err = wa__cancelled_error_new(NULL);     /* its own was lost to out of memory */
        if (woken && !wa_queue_full(q)) wa__waitq_wake_next(&q->putters);
    } else if (q->shutdown) {
        err = wa_error_new(WA_QUEUE_SHUTDOWN, NULL);
    } else if (wa_queue_full(q)) {
        if (wa__waitq_push(&q->putters, wa__waitq_tag(t)) == WA_OK) {
            wa__park_set(t, t->park_kind, q);   /* woken, but the room went to another: back of the line */
            return false;
        }
        err = wa_error_new(WA_MEMORY_ERROR, "out of memory");
    } else if (put_item(q, item)) {
        err = wa_error_new(WA_MEMORY_ERROR, "out of memory");
    } else {
        *item = wa_none();  /* the queue owns it now; the await's value is None */
        wa__view_owned(t->top);
        count_unfinished(q);
        wa__waitq_wake_next(&q->getters);
        return true;
    }
    wa_value_clear(item);   /* never put */
    if (err) wa__park_raise(t, err);
    return true;
}

static const wa__park_ops put_park = {"Queue.put", "None", putters_of, put_resume, NULL};

static wa_status join_step(wa_coro *co) {
    queue_frame *f = (queue_frame *)co;
    WA_BEGIN(co);
    if (f->q->unfinished > 0) WA_AWAIT(co, wa_event_wait(co, f->q->finished));
    WA_END(co);
}

/* get() of a queue that has an item: no waiting, no frame.  Out of line
 * (a tail call), so a get that parks saves no registers. */
WA__RARE static wa_future *get_now(wa_coro *co, wa_queue *q) {
    take_into(q, co);
    wa__waitq_wake_next(&q->putters);
    return wa__await_done(co);
}

wa_future *wa_queue_get(wa_coro *co, wa_queue *q) {
    if (!WA__BOUND(co, q)) return wa__bound_refused(co, q, "queue", __func__);
    if (q->len) return get_now(co, q);
    if (q->shutdown) return wa__fail_await(co, wa_error_new(WA_QUEUE_SHUTDOWN, NULL));
    return wa__park_as(co, &q->getters, q, &get_park, &q->get_kind);
}

wa_future *wa_queue_next(wa_coro *co, wa_queue *q) {
    if (!WA__BOUND(co, q)) return wa__bound_refused(co, q, "queue", __func__);
    if (q->len) return get_now(co, q);
    if (q->shutdown) return wa__fail_await(co, wa_error_new(WA_STOP_ASYNC_ITERATION, NULL));
    return wa__park_as(co, &q->getters, q, &next_park, &q->next_kind);
}

wa_future *wa_queue_join(wa_coro *co, wa_queue *q) {
    if (!WA__BOUND(co, q)) return wa__bound_refused(co, q, "queue", __func__);
    return wa__call_push(co, join_step, sizeof(queue_frame), &(queue_frame){.q = q});
}

/* put() of a full or shut-down queue: the task waits parked, its slot
 * holding a copy of the item (put_resume). */
WA__RARE static wa_future *put_wait(wa_coro *co, wa_queue *q, wa_value *v) {
    if (q->shutdown) return wa__fail_await(co, wa_error_new(WA_QUEUE_SHUTDOWN, NULL));
    wa_value owned;
    if (wa_value_copy(&owned, v)) {
        wa__misuse(WA_ENOMEM, "wa_queue_put", "out of memory");
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    wa_future *r = wa__park_as(co, &q->putters, q, &put_park, &q->put_kind);
    if (r == WA__PARK) {
        *wa__owned(co) = owned;
    } else {
        if (owned.kind == WA_KIND_PTR) owned.as.ptr.dtor = NULL;    /* still the caller's */
        wa_value_clear(&owned);
    }
    return r;
}

wa_future *wa_queue_put(wa_coro *co, wa_queue *q, wa_value v) {
    if (!WA__BOUND(co, q)) return wa__bound_refused(co, q, "queue", __func__);
    if ((uint64_t)q->len >= q->put_limit) return put_wait(co, q, &v);     /* full or shut down */
    if (put_now(q, &v) == WA_OK) return wa__await_done_none(co);     /* the await's value: None */
    wa__misuse(WA_ENOMEM, __func__, "out of memory");
    return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
}
