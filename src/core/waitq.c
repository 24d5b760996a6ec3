/*
 * waitq.c — a FIFO of waiter futures: the getters of a queue, the waiters
 * of a condition.  asyncio keeps these in a deque and wakes "the next one
 * that is not done yet"; so does this.  The queue holds a reference on
 * each.  Event and Queue lists also hold parked tasks (park.c), tagged by
 * the pointer's low bit, and a Lock's and a Semaphore's hold nothing else;
 * waking one is waking the future it stands for.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "park-int.h"

/* The list's reference on an entry (wa_future_unref, without the call on
 * the hand-off's path: a woken task lives on, held by the loop's list). */
static inline void entry_unref(wa_future *f) { wa__future_unref(wa__waitq_entry(f)); }

int wa__waitq_grow(wa__waitq *q) {
    size_t cap = q->cap ? q->cap * 2 : 4;
    wa_future **grown = wa__sys_malloc(cap * sizeof *grown);
    if (!grown) return WA_ENOMEM;
    for (size_t i = 0; i < q->len; i++) grown[i] = q->items[wa__ring(q->head, i, q->mask)];
    free(q->items);
    q->items = grown;
    q->cap = cap;
    q->mask = cap - 1;
    q->head = 0;
    return WA_OK;
}

/* A plain future but for its name, which introspection shows: a task
 * waiting on a lock is "waiting on <Lock.acquire pending>". */
typedef struct waiter {
    wa_future fut;
    const char *what;
} waiter;

static const char *waiter_label(const wa_future *f) { return ((const waiter *)f)->what; }

static const wa__future_ops waiter_ops = {.size = sizeof(waiter), .label = waiter_label};

wa_future *wa__waiter_new(wa_loop *loop, const char *what) {
    wa_future *f = wa__future_new_sub(loop, &waiter_ops, what);
    if (f) ((waiter *)f)->what = what;
    return f;
}

wa_future *wa__waitq_add_waiter(wa__waitq *q, wa_loop *loop, const char *what) {
    wa_future *f = wa__waiter_new(loop, what);
    if (!f) return NULL;
    int rc = wa__waitq_push(q, f);
    wa_future_unref(f);     /* the queue's reference (and then the await's) keep it */
    return rc ? NULL : f;
}

wa_future *wa__waitq_peek(const wa__waitq *q, size_t i) { return i < q->len ? q->items[wa__ring(q->head, i, q->mask)] : NULL; }

wa_future *wa__waitq_pop(wa__waitq *q) {
    if (q->len == 0) return NULL;
    wa_future *f = q->items[q->head];
    q->head = wa__ring(q->head, 1, q->mask);
    q->len--;
    return f;
}

/* Waiters woken in order remove themselves from the front, so the gap is
 * closed from the nearer end: Event.set waking 100,000 waiters stays linear. */
bool wa__waitq_remove(wa__waitq *q, wa_future *f) {
    for (size_t i = 0; i < q->len; i++) {
        if (q->items[wa__ring(q->head, i, q->mask)] != f) continue;
        if (i < q->len / 2) {
            for (size_t j = i; j > 0; j--) q->items[wa__ring(q->head, j, q->mask)] = q->items[wa__ring(q->head, j - 1, q->mask)];
            q->head = wa__ring(q->head, 1, q->mask);
        } else {
            for (size_t j = i; j + 1 < q->len; j++)
                q->items[wa__ring(q->head, j, q->mask)] = q->items[wa__ring(q->head, j + 1, q->mask)];
        }
        q->len--;
        entry_unref(f);
        return true;
    }
    return false;
}

bool wa__waitq_wake_first(wa__waitq *q) {
    for (wa_future *f; (f = wa__waitq_pop(q));) {
        wa_task *t = wa__waitq_task(f);
        bool woke;
        if (t) woke = wa__park_wake(t);
        else if ((woke = !wa_future_done(f))) wa_future_set_result(f, wa_none());
        entry_unref(f);
        if (woke) return true;
    }
    return false;
}

void wa__waitq_clear(wa__waitq *q) {
    for (wa_future *f; (f = wa__waitq_pop(q));) entry_unref(f);
    free(q->items);
    memset(q, 0, sizeof *q);
}
