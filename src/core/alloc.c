/*
 * alloc.c — per-loop free lists, so the await, ready and timer paths do not
 * call malloc in steady state.
 *
 * Blocks are grouped by size rounded up to WA__ALLOC_GRAIN.  A freed block
 * goes onto its class's list unless the list already keeps WA__ALLOC_KEEP
 * blocks: enough to absorb churn, small enough that memory returns to the
 * system after a burst.  Not thread-safe: only the loop's thread allocates.
 */
#include <stdlib.h>

#include "loop-int.h"

static size_t size_class(size_t size) { return (size + WA__ALLOC_GRAIN - 1) / WA__ALLOC_GRAIN - 1; }

void *wa__alloc(wa_loop *loop, size_t size) {
    if (size == 0 || size > WA__ALLOC_MAX_CLASSED) return malloc(size ? size : 1);
    size_t c = size_class(size);
    wa__free_block *b = loop->alloc.head[c];
    if (b) {
        loop->alloc.head[c] = b->next;
        loop->alloc.count[c]--;
        return b;
    }
    return malloc((c + 1) * WA__ALLOC_GRAIN);
}

void wa__free(wa_loop *loop, void *p, size_t size) {
    if (!p) return;
    if (size == 0 || size > WA__ALLOC_MAX_CLASSED) {
        free(p);
        return;
    }
    size_t c = size_class(size);
    if (loop->alloc.count[c] >= WA__ALLOC_KEEP) {
        free(p);
        return;
    }
    wa__free_block *b = p;
    b->next = loop->alloc.head[c];
    loop->alloc.head[c] = b;
    loop->alloc.count[c]++;
}

void wa__allocator_drain(wa__allocator *a) {
    for (size_t c = 0; c < WA__ALLOC_CLASSES; c++) {
        while (a->head[c]) {
            wa__free_block *b = a->head[c];
            a->head[c] = b->next;
            free(b);
        }
        a->count[c] = 0;
    }
}
