/*
 * none.c — threads.h for builds without threads: one thread exists, so a
 * mutex has nothing to exclude and a condition nothing to wait for; a new
 * thread cannot start.
 */
#include <stdlib.h>

#include "threads.h"
#include "../host/sysalloc.h"
#include "wasyncio.h"

struct wa__mutex { char unused; };
struct wa__cond { char unused; };

bool wa__threads_available(void) { return false; }
int wa__cpu_count(void) { return 1; }
double wa__thread_clock(void) { return 0; }

wa__mutex *wa__mutex_new(void) { return wa__sys_malloc(sizeof(wa__mutex)); }
void wa__mutex_free(wa__mutex *m) { free(m); }
void wa__mutex_lock(wa__mutex *m) { (void)m; }
void wa__mutex_unlock(wa__mutex *m) { (void)m; }

wa__cond *wa__cond_new(void) { return wa__sys_malloc(sizeof(wa__cond)); }
void wa__cond_free(wa__cond *c) { free(c); }
void wa__cond_wait(wa__cond *c, wa__mutex *m) { (void)c, (void)m; }
void wa__cond_wait_until(wa__cond *c, wa__mutex *m, double deadline) { (void)c, (void)m, (void)deadline; }
void wa__cond_signal(wa__cond *c) { (void)c; }
void wa__cond_broadcast(wa__cond *c) { (void)c; }

int wa__thread_start(wa__thread **out, void (*fn)(void *arg), void *arg) {
    (void)fn, (void)arg;
    *out = NULL;
    return WA_ENOSYS;
}

void wa__thread_join(wa__thread *t) { (void)t; }
