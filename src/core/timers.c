/*
 * timers.c — the timer heap: a binary min-heap of timers (handles'
 * entries in the ready queue, or embedded wa__timers) ordered by
 * (deadline, sequence).  The sequence comes from a loop counter, so timers
 * with equal deadlines fire in the order they were scheduled (libuv's
 * timer_less_than).  asyncio's heapq compares deadlines only, so its ties
 * come out in an order that depends on the heap's shape; the asyncio
 * documentation leaves it undefined and we make it FIFO.  Cancelled
 * handles stay in the heap until they reach the top or until compaction,
 * as in asyncio's _run_once.
 */
#include <stdlib.h>

#include "alloc-int.h"
#include "loop-int.h"

/* Entries carry their keys, so sifting compares without touching the
 * timers, which lie scattered over the loop's slabs (the floor's heap in
 * bench/floor.c does the same). */
static bool earlier(const wa__timer_entry *a, const wa__timer_entry *b) {
    if (a->when != b->when) return a->when < b->when;
    return a->seq < b->seq;
}

static void sift_up(wa__timer_entry *heap, size_t i) {
    wa__timer_entry e = heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!earlier(&e, &heap[parent])) break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = e;
}

static void sift_down(wa__timer_entry *heap, size_t n, size_t i) {
    wa__timer_entry e = heap[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && earlier(&heap[child + 1], &heap[child])) child++;
        if (!earlier(&heap[child], &e)) break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = e;
}

/* Removes heap[0], n entries left: the hole walks down to a leaf along the
 * earlier children (one comparison a level) and the last entry fills it
 * from below, as heapq's _siftup does — about half the comparisons of
 * sifting the last entry down from the top.  Keys are unique (seq), so
 * the order timers fire in is the same. */
static void pop_root(wa__timer_entry *heap, size_t n) {
    wa__timer_entry last = heap[n];
    size_t i = 0;
    for (size_t child; (child = 2 * i + 1) < n; i = child) {
        if (child + 1 < n && earlier(&heap[child + 1], &heap[child])) child++;
        heap[i] = heap[child];
    }
    heap[i] = last;
    sift_up(heap, i);
}

int wa__timers_push(wa_loop *loop, wa__ready *r, double when) {
    /* doubling, and past 256 KiB in huge pages (wa__grow_array): 100,000
     * sleeps armed at once fill 2.4 MB, some 600 faults in 4 KiB pages */
    if (loop->ntimers == loop->timers_cap) {
        size_t size = (loop->timers_cap ? loop->timers_cap * 2 : 64) * sizeof *loop->timers;
        wa__timer_entry *grown = wa__grow_array(loop, loop->timers, loop->ntimers * sizeof *grown, &size);
        if (!grown) return WA_ENOMEM;
        loop->timers = grown;
        loop->timers_cap = size / sizeof *grown;
    }
    loop->timers[loop->ntimers] = (wa__timer_entry){when, loop->timer_seq++, r};
    r->queued = r->in_heap = true;
    sift_up(loop->timers, loop->ntimers++);
    return WA_OK;
}

wa__ready *wa__timers_pop(wa_loop *loop) {
    if (!loop->ntimers) return NULL;
    wa__ready *top = loop->timers[0].r;
    if (--loop->ntimers) pop_root(loop->timers, loop->ntimers);
    if (top->cancelled) loop->ncancelled_timers--;
    top->queued = false;
    top->in_heap = false;
    return top;
}

void wa__timers_drop_cancelled(wa_loop *loop) {
    wa__ready *top;
    while ((top = wa__timers_top(loop)) && top->cancelled) wa__ready_drop(loop, wa__timers_pop(loop));
}

void wa__timers_compact(wa_loop *loop) {
    size_t kept = 0;
    for (size_t i = 0; i < loop->ntimers; i++) {
        wa__ready *r = loop->timers[i].r;
        if (r->cancelled) {
            r->queued = false;
            r->in_heap = false;
            wa__ready_drop(loop, r);
        } else {
            loop->timers[kept++] = loop->timers[i];
        }
    }
    loop->ntimers = kept;
    loop->ncancelled_timers = 0;
    for (size_t i = kept / 2; i-- > 0;) sift_down(loop->timers, kept, i);
}
