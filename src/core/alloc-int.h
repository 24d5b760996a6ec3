/*
 * alloc-int.h — the loop's slab allocator (alloc.c), over the one door to
 * the system allocator (host/sysalloc.h).
 */
#ifndef WA_ALLOC_INT_H
#define WA_ALLOC_INT_H

#include <stddef.h>

#include "wasyncio.h"
#include "../host/sysalloc.h"

/* ---- allocation: per-loop slabs by size class (alloc.c) ------------------ */

/* Blocks up to WA__ALLOC_MAX_CLASSED bytes come from slabs in steps of
 * WA__ALLOC_GRAIN; larger ones from malloc.  A slab's blocks start
 * 16-aligned and follow one another, so a block is 16-aligned when its
 * size is a multiple of 16, and 8-aligned otherwise: as aligned as any
 * object of that size can need (a type's size is a multiple of its
 * alignment).  64 KiB slabs: large enough that
 * slab churn is rare, small enough that a mostly idle class pins little.
 * Empty slabs wait in a spare pool for any class; an idle loop trims the
 * pool to WA__SPARE_KEEP slabs, so memory goes back after a burst without
 * being faulted in again and again while the burst lasts. */
#define WA__ALLOC_GRAIN 8
#define WA__ALLOC_MAX_CLASSED 1024
#define WA__ALLOC_CLASSES (WA__ALLOC_MAX_CLASSED / WA__ALLOC_GRAIN)
#define WA__SLAB_SIZE (64 * 1024)
#define WA__SPARE_KEEP 16

typedef struct wa__free_block { struct wa__free_block *next; } wa__free_block;
typedef struct wa__slab wa__slab;
typedef struct wa__slab_list { wa__slab *next, *prev; } wa__slab_list;

/* Slabs of a class that still have free blocks are on its partial list.
 * cached: the block freed last, kept out of its slab (still counted used)
 * so the alloc-free-alloc rhythm of awaits and hand-offs skips the slab. */
typedef struct wa__alloc_class {
    wa__slab *partial;
    void *cached;
} wa__alloc_class;

typedef struct wa__allocator {
    wa__alloc_class classes[WA__ALLOC_CLASSES];
    wa__slab *spares;           /* empty slabs, linked through link.next */
    size_t nspares;
    size_t nchunks;             /* taken from the system and not given back */
    void (*dense)(void *chunk, size_t size);    /* the real host's advice, or NULL (host.h) */
} wa__allocator;

void *wa__alloc(wa_loop *loop, size_t size);
void wa__free(wa_loop *loop, void *p, size_t size);
/* An array of size bytes, freed with free(): from 2 MiB up, whole huge
 * pages where the host backs them (as the slabs' chunks), so filling it
 * faults once per 2 MiB rather than per 4 KiB, for at most 2 MiB more
 * resident than asked. */
void *wa__alloc_array(wa_loop *loop, size_t size);
/* Grows p (from wa__alloc_array, from here, or NULL) to at least *size
 * bytes, keeping its first used bytes, and sets *size to what it has:
 * realloc, or from 256 KiB up a new array of whole huge pages, all usable,
 * for at most 2 MiB more resident than asked; an array that keeps
 * doubling would otherwise fault its new room in 4 KiB at a time.  NULL
 * when out of memory; p is then kept. */
void *wa__grow_array(wa_loop *loop, void *p, size_t used, size_t *size);
/* Frees spare slabs beyond keep: called when the loop goes idle. */
void wa__allocator_trim(wa__allocator *a, size_t keep);
void wa__allocator_drain(wa__allocator *a);

#endif
