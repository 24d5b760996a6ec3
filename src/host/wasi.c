/*
 * wasi.c — the WASI host: the monotonic clock, and poll_oneoff over the
 * next deadline and the watched fds (stdin, pipes).
 *
 * wait() makes one poll_oneoff call: a relative CLOCK_MONOTONIC
 * subscription for the timeout (none when waiting forever) plus an
 * fd_read / fd_write subscription per watched fd.  WASI has no threads and
 * no signals, so a wait with no deadline and no fd could never end: it is
 * reported as a deadlock instead of hanging the runtime.  There is no
 * wake().
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <wasi/api.h>

#include "host.h"

typedef struct watched {
    int fd;
    int events;
    struct wa__io *io;
} watched;

typedef struct wasi_host {
    watched *w;
    size_t n, cap;
    __wasi_subscription_t *subs;    /* room for 1 + 2 * cap */
    __wasi_event_t *events;
} wasi_host;

static int wasi_init(wa_loop *loop, void **state) {
    (void)loop;
    wasi_host *h = calloc(1, sizeof *h);
    if (!h) return WA_ENOMEM;
    *state = h;
    return WA_OK;
}

static void wasi_close(void *state) {
    wasi_host *h = state;
    free(h->w);
    free(h->subs);
    free(h->events);
    free(h);
}

static double wasi_now(void *state) {
    (void)state;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int wasi_watch(void *state, int sock, int old, int events, struct wa__io *io) {
    wasi_host *h = state;
    size_t i = 0;
    if (old)
        while (i < h->n && h->w[i].fd != sock) i++;
    else
        i = h->n;
    if (!events) {
        if (i < h->n) h->w[i] = h->w[--h->n];
        return WA_OK;
    }
    if (i == h->n) {
        if (h->n == h->cap) {
            size_t cap = h->cap ? h->cap * 2 : 4;
            watched *w = realloc(h->w, cap * sizeof *w);
            if (!w) return WA_ENOMEM;
            h->w = w;
            __wasi_subscription_t *subs = realloc(h->subs, (1 + 2 * cap) * sizeof *subs);
            if (!subs) return WA_ENOMEM;
            h->subs = subs;
            __wasi_event_t *ev = realloc(h->events, (1 + 2 * cap) * sizeof *ev);
            if (!ev) return WA_ENOMEM;
            h->events = ev;
            h->cap = cap;
        }
        h->n++;
    }
    h->w[i] = (watched){sock, events, io};
    return WA_OK;
}

/* Userdata: 0 the clock; else 1 + 2 * index + (1 for writing). */
static void add_fd(__wasi_subscription_t *sub, size_t index, int fd, bool write) {
    *sub = (__wasi_subscription_t){0};
    sub->userdata = 1 + 2 * index + write;
    sub->u.tag = write ? __WASI_EVENTTYPE_FD_WRITE : __WASI_EVENTTYPE_FD_READ;
    if (write)
        sub->u.u.fd_write.file_descriptor = (__wasi_fd_t)fd;
    else
        sub->u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
}

static int wasi_wait(void *state, double timeout) {
    wasi_host *h = state;
    if (timeout < 0 && h->n == 0) return WA_EDEADLOCK;
    if (timeout == 0 && h->n == 0) return WA_OK;
    __wasi_subscription_t clock_only, *subs = h->n ? h->subs : &clock_only;
    __wasi_event_t event, *events = h->n ? h->events : &event;
    size_t n = 0;
    if (timeout >= 0) {
        if (timeout > 86400.0) timeout = 86400.0;
        subs[n] = (__wasi_subscription_t){0};
        subs[n].u.tag = __WASI_EVENTTYPE_CLOCK;
        subs[n].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        /* round up: never wake before the deadline */
        subs[n].u.u.clock.timeout = (__wasi_timestamp_t)ceil(timeout * 1e9);
        n++;
    }
    for (size_t i = 0; i < h->n; i++) {
        if (h->w[i].events & WA__IO_READ) add_fd(&subs[n++], i, h->w[i].fd, false);
        if (h->w[i].events & WA__IO_WRITE) add_fd(&subs[n++], i, h->w[i].fd, true);
    }
    __wasi_size_t nevents = 0;
    /* A runtime that cannot sleep on a clock would make the loop spin:
     * failing is better than busy waiting. */
    if (__wasi_poll_oneoff(subs, events, n, &nevents) != __WASI_ERRNO_SUCCESS) return WA_ENOSYS;
    /* Collect first: wa__io_ready only queues, but keep the set stable. */
    for (__wasi_size_t k = 0; k < nevents; k++) {
        if (events[k].userdata == 0) continue;
        size_t i = (size_t)(events[k].userdata - 1) / 2;
        bool write = (events[k].userdata - 1) % 2;
        /* an error (a regular file, /dev/null) is "ready": the read or
         * write itself then says what is wrong, or succeeds */
        if (i < h->n) wa__io_ready(h->w[i].io, write ? WA__IO_WRITE : WA__IO_READ);
    }
    return WA_OK;
}

static void wasi_report(void *state, const char *text) {
    (void)state;
    fprintf(stderr, "%s\n", text);
}

const wa_host_ops wa__host_real = {
    .name = "wasi",
    .can_block = true,
    .init = wasi_init,
    .close = wasi_close,
    .now = wasi_now,
    .wait = wasi_wait,
    .arm = NULL,
    .wake = NULL,
    .report = wasi_report,
    .watch = wasi_watch,
};
