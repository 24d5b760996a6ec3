/*
 * pthread.c — a host for builds with threads but no sockets of their own:
 * Emscripten -pthread, where main() runs on a worker (PROXY_TO_PTHREAD)
 * and may block as a native program does.
 *
 * wait() sleeps on a condition variable until its deadline or until wake()
 * signals it.  A wake-up that comes while the loop is busy is remembered
 * (woken), so the next wait returns at once and no call is lost.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "host.h"

typedef struct pthread_host {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool woken;
} pthread_host;

static int pthread_host_init(wa_loop *loop, void **state) {
    (void)loop;
    pthread_host *h = calloc(1, sizeof *h);
    if (!h) return WA_ENOMEM;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);   /* deadlines on the loop's clock */
    int rc = pthread_mutex_init(&h->lock, NULL);
    if (!rc && (rc = pthread_cond_init(&h->cond, &attr))) pthread_mutex_destroy(&h->lock);
    pthread_condattr_destroy(&attr);
    if (rc) {
        free(h);
        return WA_ENOMEM;
    }
    *state = h;
    return WA_OK;
}

static void pthread_host_close(void *state) {
    pthread_host *h = state;
    pthread_cond_destroy(&h->cond);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

static double pthread_host_now(void *state) {
    (void)state;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int pthread_host_wait(void *state, double timeout) {
    pthread_host *h = state;
    pthread_mutex_lock(&h->lock);
    if (timeout < 0) {
        while (!h->woken) pthread_cond_wait(&h->cond, &h->lock);
    } else if (timeout > 0) {
        double end = pthread_host_now(h) + timeout;
        struct timespec at = {(time_t)end, 0};
        /* round up: never wake before the deadline */
        at.tv_nsec = (long)ceil((end - (double)at.tv_sec) * 1e9);
        if (at.tv_nsec >= 1000000000L) {
            at.tv_sec++;
            at.tv_nsec -= 1000000000L;
        }
        while (!h->woken && pthread_cond_timedwait(&h->cond, &h->lock, &at) != ETIMEDOUT) {}
    }
    h->woken = false;
    pthread_mutex_unlock(&h->lock);
    return WA_OK;
}

static void pthread_host_wake(void *state) {
    pthread_host *h = state;
    pthread_mutex_lock(&h->lock);
    h->woken = true;
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

static void pthread_host_report(void *state, const char *text) {
    (void)state;
    fprintf(stderr, "%s\n", text);
}

const wa_host_ops wa__host_real = {
    .name = "pthread",
    .can_block = true,
    .init = pthread_host_init,
    .close = pthread_host_close,
    .now = pthread_host_now,
    .wait = pthread_host_wait,
    .arm = NULL,
    .wake = pthread_host_wake,
    .report = pthread_host_report,
    .watch = NULL,
};
