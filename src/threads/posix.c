/*
 * posix.c — threads.h on pthreads.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "threads.h"
#include "../host/sysalloc.h"
#include "wasyncio.h"

struct wa__mutex { pthread_mutex_t m; };
struct wa__cond { pthread_cond_t c; };
struct wa__thread {
    pthread_t id;
    void (*fn)(void *arg);
    void *arg;
};

bool wa__threads_available(void) { return true; }

int wa__cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

wa__mutex *wa__mutex_new(void) {
    wa__mutex *m = wa__sys_malloc(sizeof *m);
    if (m && pthread_mutex_init(&m->m, NULL)) {
        free(m);
        m = NULL;
    }
    return m;
}

void wa__mutex_free(wa__mutex *m) {
    if (!m) return;
    pthread_mutex_destroy(&m->m);
    free(m);
}

void wa__mutex_lock(wa__mutex *m) { pthread_mutex_lock(&m->m); }
void wa__mutex_unlock(wa__mutex *m) { pthread_mutex_unlock(&m->m); }

double wa__thread_clock(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

wa__cond *wa__cond_new(void) {
    wa__cond *c = wa__sys_malloc(sizeof *c);
    pthread_condattr_t attr;
    if (!c || pthread_condattr_init(&attr)) {
        free(c);
        return NULL;
    }
    /* timed waits on the monotonic clock: setting the wall clock must not
     * stretch or cut a timeout */
    int rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (!rc) rc = pthread_cond_init(&c->c, &attr);
    pthread_condattr_destroy(&attr);
    if (rc) {
        free(c);
        c = NULL;
    }
    return c;
}

void wa__cond_free(wa__cond *c) {
    if (!c) return;
    pthread_cond_destroy(&c->c);
    free(c);
}

void wa__cond_wait(wa__cond *c, wa__mutex *m) { pthread_cond_wait(&c->c, &m->m); }

void wa__cond_wait_until(wa__cond *c, wa__mutex *m, double deadline) {
    double whole = floor(deadline);
    struct timespec ts = {.tv_sec = (time_t)whole, .tv_nsec = (long)((deadline - whole) * 1e9)};
    if (ts.tv_nsec >= 1000000000L) ts.tv_nsec = 999999999L;
    pthread_cond_timedwait(&c->c, &m->m, &ts);
}
void wa__cond_signal(wa__cond *c) { pthread_cond_signal(&c->c); }
void wa__cond_broadcast(wa__cond *c) { pthread_cond_broadcast(&c->c); }

static void *trampoline(void *p) {
    wa__thread *t = p;
    t->fn(t->arg);
    return NULL;
}

int wa__thread_start(wa__thread **out, void (*fn)(void *arg), void *arg) {
    wa__thread *t = wa__sys_malloc(sizeof *t);
    if (!t) return WA_ENOMEM;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->id, NULL, trampoline, t)) {
        free(t);
        return WA_ENOMEM;
    }
    *out = t;
    return WA_OK;
}

void wa__thread_join(wa__thread *t) {
    pthread_join(t->id, NULL);
    free(t);
}
