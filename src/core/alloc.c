/*
 * alloc.c — per-loop slab allocator for handles, futures, tasks and frames,
 * so the await, ready and timer paths do not call malloc in steady state.
 *
 * Sizes up to WA__ALLOC_MAX_CLASSED are grouped in classes of
 * WA__ALLOC_GRAIN bytes.  Each class carves blocks out of slabs of
 * WA__SLAB_SIZE bytes, aligned to their size so a block finds its slab by
 * masking its address.  A slab counts its blocks in use; when the last one
 * is freed the slab joins the loop's spare pool, which any class draws
 * from.  The loop trims the pool whenever it goes idle, so the memory of a
 * burst of a million tasks returns to the system afterwards, while a busy
 * loop recycles slabs without faulting fresh pages in.  Larger sizes go
 * straight to malloc.  Not thread-safe: only the loop's thread allocates.
 *
 * Slabs come from the system CHUNK_SLABS at a time, in one aligned chunk:
 * an allocator asked for 64 KiB aligned to 64 KiB may spend twice that
 * (wasi-libc's does, and under node:wasi every growth of the linear memory
 * costs a garbage collection), while the chunk's alignment costs once per
 * chunk (16 slabs in wasm, 32 natively).  A chunk goes back to the system
 * when all its slabs are spare.
 *
 * Where the host backs memory with huge pages (2 MiB on x86-64 and arm64),
 * a chunk is one of them: a million tasks then fault 2,900 times instead
 * of 77,000, which was most of their time (CPU 1.3 s -> 0.2-0.7 s).  The
 * trade-off: the chunk being filled is resident whole, up to 2 MiB more
 * than the blocks it has handed out.  The first chunk keeps small pages,
 * so a small program does not take 2 MiB at once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "loop-int.h"

/* ---- the system allocator, with fault injection for tests --------------- */

/* Allocations left before the one that fails; -1: none fails.  Per thread
 * and only ever set by tests. */
static _Thread_local long fault_countdown = -1;
static _Thread_local long fault_counted;

static bool fault_now(void) {
    fault_counted++;
    if (fault_countdown < 0) return false;
    return fault_countdown-- == 0;
}

long wa__fault_inject(long n) {
    long counted = fault_counted;
    fault_counted = 0;
    fault_countdown = n < 0 ? -1 : n;
    return counted;
}

void *wa__sys_malloc(size_t size) { return fault_now() ? NULL : malloc(size); }
void *wa__sys_calloc(size_t count, size_t size) { return fault_now() ? NULL : calloc(count, size); }
void *wa__sys_realloc(void *p, size_t size) { return fault_now() ? NULL : realloc(p, size); }
void *wa__sys_aligned(size_t align, size_t size) { return fault_now() ? NULL : aligned_alloc(align, size); }

/* ---- slabs ----------------------------------------------------------------- */

/* Under AddressSanitizer each block is a malloc of its own: using an object
 * after its release is then reported as a heap-use-after-free naming where
 * it was made and where released, instead of reading a recycled block.
 * Fault injection fails these no more than it fails slab blocks, which come
 * from chunks: the tests' failure points stay those of the other builds. */
#if defined(__SANITIZE_ADDRESS__)
#define SYSTEM_BLOCKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SYSTEM_BLOCKS 1
#endif
#endif
#ifndef SYSTEM_BLOCKS
#define SYSTEM_BLOCKS 0
#endif

/* The first slab of a chunk also keeps the chunk's count and mark. */
typedef struct wa__slab {
    wa__slab_list link;         /* in its class's list of slabs with free blocks, or (next) the spares */
    wa__free_block *free;       /* blocks returned to this slab */
    char *bump;                 /* next never-used block */
    uint32_t used;              /* blocks handed out */
    uint32_t block_size;
    bool listed;                /* on the class's partial list */
    bool dying;                 /* first slab: the chunk is being freed */
    uint32_t busy;              /* first slab: slabs of the chunk not in the spare pool */
    struct wa__slab *chunk;     /* the first slab of this slab's chunk */
    struct wa__slab *next_dying;    /* first slab: the chunks being freed */
} wa__slab;

#ifdef __wasm__
#define CHUNK_SLABS 16
#define HUGE_PAGES false    /* linear memory has none: no code asks for them */
#else
#define CHUNK_SLABS 32      /* 2 MiB, a huge page */
#define HUGE_PAGES true
#endif

/* The first block starts after the header, 16-aligned (alloc-int.h). */
#define SLAB_HEADER ((sizeof(wa__slab) + 15) & ~(size_t)15)

static size_t size_class(size_t size) { return (size + WA__ALLOC_GRAIN - 1) / WA__ALLOC_GRAIN - 1; }
static wa__slab *slab_of(void *p) { return (wa__slab *)((uintptr_t)p & ~(uintptr_t)(WA__SLAB_SIZE - 1)); }

static void list_unlink(wa__alloc_class *k, wa__slab *s) {
    if (s->link.prev) s->link.prev->link.next = s->link.next;
    else k->partial = s->link.next;
    if (s->link.next) s->link.next->link.prev = s->link.prev;
    s->link.next = s->link.prev = NULL;
    s->listed = false;
}

static void list_push(wa__alloc_class *k, wa__slab *s) {
    s->link.prev = NULL;
    s->link.next = k->partial;
    if (k->partial) k->partial->link.prev = s;
    k->partial = s;
    s->listed = true;
}

static bool slab_full(const wa__slab *s) {
    return !s->free && s->bump + s->block_size > (char *)s + WA__SLAB_SIZE;
}

static void spare_push(wa__allocator *a, wa__slab *s) {
    s->link.next = a->spares;
    a->spares = s;
    a->nspares++;
}

/* A new chunk's slabs all join the spare pool. */
static bool chunk_new(wa__allocator *a) {
    size_t size = CHUNK_SLABS * (size_t)WA__SLAB_SIZE;
    bool dense = HUGE_PAGES && a->dense;
    char *base = wa__sys_aligned(dense ? size : WA__SLAB_SIZE, size);    /* a huge page is aligned to its size */
    if (!base) return false;
    if (dense && a->nchunks) a->dense(base, size);
    a->nchunks++;
    for (size_t i = CHUNK_SLABS; i-- > 0;) {
        wa__slab *s = (wa__slab *)(base + i * WA__SLAB_SIZE);
        s->chunk = (wa__slab *)base;
        spare_push(a, s);
    }
    a->spares->busy = 0;
    a->spares->dying = false;
    return true;
}

static wa__slab *slab_take(wa__allocator *a, size_t block_size) {
    if (!a->spares && !chunk_new(a)) return NULL;
    wa__slab *s = a->spares;
    a->spares = s->link.next;
    a->nspares--;
    s->chunk->busy++;
    s->link.next = s->link.prev = NULL;
    s->free = NULL;
    s->bump = (char *)s + SLAB_HEADER;
    s->used = 0;
    s->block_size = (uint32_t)block_size;
    s->listed = false;
    return s;
}

/* Class c has no slab with a free block: a spare one joins it (out of
 * line, so that the common allocation saves no registers for it). */
static WA__RARE wa__slab *partial_new(wa__allocator *a, wa__alloc_class *k, size_t c) {
    wa__slab *s = slab_take(a, (c + 1) * WA__ALLOC_GRAIN);
    if (s) list_push(k, s);
    return s;
}

#define HUGE_PAGE (CHUNK_SLABS * (size_t)WA__SLAB_SIZE)

/* Whether an array of size bytes (at least from) takes whole huge pages. */
static bool dense_array(const wa_loop *loop, size_t size, size_t from) {
    return HUGE_PAGES && loop->alloc.dense && size >= from && size <= SIZE_MAX - HUGE_PAGE;
}

/* *size bytes rounded up to whole huge pages, and *size the rounded size. */
static void *huge_array(wa_loop *loop, size_t *size) {
    size_t whole = (*size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void *p = wa__sys_aligned(HUGE_PAGE, whole);
    if (!p) return NULL;
    loop->alloc.dense(p, whole);
    *size = whole;
    return p;
}

void *wa__alloc_array(wa_loop *loop, size_t size) {
    return dense_array(loop, size, HUGE_PAGE) ? huge_array(loop, &size) : wa__sys_malloc(size);
}

void *wa__grow_array(wa_loop *loop, void *p, size_t used, size_t *size) {
    if (!dense_array(loop, *size, HUGE_PAGE / 8)) return wa__sys_realloc(p, *size);
    void *grown = huge_array(loop, size);
    if (!grown) return NULL;
    if (used) memcpy(grown, p, used);
    free(p);
    return grown;
}

void *wa__alloc(wa_loop *loop, size_t size) {
    if (SYSTEM_BLOCKS && size && size <= WA__ALLOC_MAX_CLASSED) return malloc(size);
    if (size == 0 || size > WA__ALLOC_MAX_CLASSED) return wa__sys_malloc(size ? size : 1);
    size_t c = size_class(size);
    wa__alloc_class *k = &loop->alloc.classes[c];
    void *p = k->cached;
    if (p) {
        k->cached = NULL;
        return p;
    }
    wa__slab *s = k->partial;
    if (!s && !(s = partial_new(&loop->alloc, k, c))) return NULL;
    if (s->free) {
        p = s->free;
        s->free = s->free->next;
    } else {
        p = s->bump;
        s->bump += s->block_size;
    }
    s->used++;
    if (slab_full(s)) list_unlink(k, s);
    return p;
}

void wa__free(wa_loop *loop, void *p, size_t size) {
    if (!p) return;
    if (SYSTEM_BLOCKS || size == 0 || size > WA__ALLOC_MAX_CLASSED) {
        free(p);
        return;
    }
    wa__alloc_class *k = &loop->alloc.classes[size_class(size)];
    if (!k->cached) {
        k->cached = p;
        return;
    }
    wa__slab *s = slab_of(p);
    wa__free_block *b = p;
    b->next = s->free;
    s->free = b;
    if (--s->used == 0) {
        if (s->listed) list_unlink(k, s);
        spare_push(&loop->alloc, s);
        s->chunk->busy--;
    } else if (!s->listed) {
        list_push(k, s);
    }
}

/* Marks c to be freed by free_dying. */
static void mark_dying(wa__slab *c, wa__slab **dying) {
    if (c->dying) return;
    c->dying = true;
    c->next_dying = *dying;
    *dying = c;
}

/* Unlinks the spare slabs of the dying chunks and frees the chunks. */
static void free_dying(wa__allocator *a, wa__slab *dying) {
    for (wa__slab **at = &a->spares; *at;) {
        if ((*at)->chunk->dying) {
            *at = (*at)->link.next;
            a->nspares--;
        } else {
            at = &(*at)->link.next;
        }
    }
    while (dying) {
        wa__slab *c = dying;
        dying = c->next_dying;
        free(c);
        a->nchunks--;
    }
}

void wa__allocator_trim(wa__allocator *a, size_t keep) {
    wa__slab *dying = NULL;
    size_t left = a->nspares;
    for (wa__slab *s = a->spares; s && left >= keep + CHUNK_SLABS; s = s->link.next) {
        if (s->chunk->busy || s->chunk->dying) continue;
        mark_dying(s->chunk, &dying);
        left -= CHUNK_SLABS;
    }
    if (dying) free_dying(a, dying);
}

/* The loop is gone: every chunk goes, whatever its slabs hold. */
void wa__allocator_drain(wa__allocator *a) {
    wa__slab *dying = NULL;
    for (size_t c = 0; c < WA__ALLOC_CLASSES; c++)
        for (wa__slab *s = a->classes[c].partial; s; s = s->link.next) mark_dying(s->chunk, &dying);
    for (wa__slab *s = a->spares; s; s = s->link.next) mark_dying(s->chunk, &dying);
    for (size_t c = 0; c < WA__ALLOC_CLASSES; c++) {
        if (a->classes[c].cached) mark_dying(slab_of(a->classes[c].cached)->chunk, &dying);
        a->classes[c].partial = NULL;
        a->classes[c].cached = NULL;
    }
    free_dying(a, dying);
}
