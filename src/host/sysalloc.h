/*
 * sysalloc.h — the one door to the system allocator, and the fault
 * injection that tests every error path behind it (Lua's ltests failnext).
 * Every layer allocates through it, the platform's files too, so a test can
 * fail any allocation; core/alloc.c defines it, as the core defines the
 * wa__io_ready that hosts call (host.h).
 */
#ifndef WA_SYSALLOC_H
#define WA_SYSALLOC_H

#include <stddef.h>

/* malloc, calloc, realloc and aligned_alloc, except that the one allocation
 * chosen by wa__fault_inject fails.  Any thread: the injection's counters
 * are per thread, so a worker's allocations fail only where a test on that
 * thread asks. */
void *wa__sys_malloc(size_t size);
void *wa__sys_calloc(size_t count, size_t size);
void *wa__sys_realloc(void *p, size_t size);
void *wa__sys_aligned(size_t align, size_t size);

/* Tests: make the allocation numbered n (0 = the next one) on this thread
 * fail once; n < 0 switches injection off.  Returns how many allocations
 * were counted since the previous call, so a test knows when its program
 * ran out of allocations to fail. */
long wa__fault_inject(long n);

#endif
