/*
 * threads.h — the thread primitives the library needs (libuv's uv_mutex,
 * uv_cond, uv_thread): pthreads natively (posix.c), and none.c where a
 * build has no threads (WASI, Emscripten without -pthread), whose mutexes
 * do nothing and whose threads cannot start.
 */
#ifndef WA_THREADS_H
#define WA_THREADS_H

#include <stdbool.h>

typedef struct wa__mutex wa__mutex;
typedef struct wa__cond wa__cond;
typedef struct wa__thread wa__thread;

/* False when wa__thread_start always fails. */
bool wa__threads_available(void);
/* Processors online, at least 1. */
int wa__cpu_count(void);
/* A monotonic clock in seconds, for threads waiting with a timeout (a
 * loop's own clock may be virtual). */
double wa__thread_clock(void);

/* NULL when out of memory. */
wa__mutex *wa__mutex_new(void);
void wa__mutex_free(wa__mutex *m);
void wa__mutex_lock(wa__mutex *m);
void wa__mutex_unlock(wa__mutex *m);

wa__cond *wa__cond_new(void);
void wa__cond_free(wa__cond *c);
void wa__cond_wait(wa__cond *c, wa__mutex *m);
/* As wa__cond_wait, but returns by the deadline at the latest (seconds on
 * wa__thread_clock); may also return early, so callers re-check.  Without
 * threads, returns at once. */
void wa__cond_wait_until(wa__cond *c, wa__mutex *m, double deadline);
void wa__cond_signal(wa__cond *c);
void wa__cond_broadcast(wa__cond *c);

/* Starts fn(arg) on a new thread: WA_OK, WA_ENOSYS without threads,
 * WA_ENOMEM. */
int wa__thread_start(wa__thread **out, void (*fn)(void *arg), void *arg);
/* Waits for the thread to end and frees it. */
void wa__thread_join(wa__thread *t);

#endif
