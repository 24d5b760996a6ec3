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
 *
 * Regular files and /dev/null are always ready, but node:wasi cannot poll
 * them: its poll_oneoff fails as a whole (EPERM, errno 63) when one of
 * them is subscribed.  So when the call fails, each fd is polled alone; one
 * that fails alone is always ready from then on (reported on every wait
 * and never subscribed again), and its read or write says what is wrong,
 * if anything (EBADF for an fd closed behind the loop's back).  A failure
 * no fd explains stops the loop with its errno.
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
    bool always;            /* poll_oneoff refused it: always ready */
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
    bool fresh = i == h->n;
    if (fresh) {
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
    h->w[i] = (watched){sock, events, !fresh && h->w[i].always, io};
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

/* Subscriptions for watched fd i, from subs[n]; the new n. */
static size_t add_watched(wasi_host *h, size_t i, __wasi_subscription_t *subs, size_t n) {
    if (h->w[i].events & WA__IO_READ) add_fd(&subs[n++], i, h->w[i].fd, false);
    if (h->w[i].events & WA__IO_WRITE) add_fd(&subs[n++], i, h->w[i].fd, true);
    return n;
}

static void add_clock(__wasi_subscription_t *sub, double timeout) {
    *sub = (__wasi_subscription_t){0};
    sub->u.tag = __WASI_EVENTTYPE_CLOCK;
    sub->u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    /* round up: never wake before the deadline */
    sub->u.u.clock.timeout = (__wasi_timestamp_t)ceil(timeout * 1e9);
}

/* After a failed poll_oneoff: polls each fd alone, at once, and marks
 * those refused alone as always ready.  How many it marked. */
static size_t find_unpollable(wasi_host *h) {
    size_t marked = 0;
    for (size_t i = 0; i < h->n; i++) {
        if (h->w[i].always) continue;
        __wasi_subscription_t subs[3];
        __wasi_event_t events[3];
        __wasi_size_t nevents = 0;
        add_clock(&subs[0], 0);
        size_t n = add_watched(h, i, subs, 1);
        if (__wasi_poll_oneoff(subs, events, n, &nevents) != __WASI_ERRNO_SUCCESS) {
            h->w[i].always = true;
            marked++;
        }
    }
    return marked;
}

static int report_always(wasi_host *h) {
    for (size_t i = 0; i < h->n; i++)
        if (h->w[i].always) wa__io_ready(h->w[i].io, h->w[i].events);
    return WA_OK;
}

static int wasi_wait(void *state, double timeout) {
    wasi_host *h = state;
    if (timeout < 0 && h->n == 0) return WA_EDEADLOCK;
    size_t nalways = 0;
    for (size_t i = 0; i < h->n; i++) nalways += h->w[i].always;
    if (nalways) timeout = 0;   /* they are ready now */
    if (timeout == 0 && h->n == nalways) return report_always(h);
    __wasi_subscription_t clock_only, *subs = h->n ? h->subs : &clock_only;
    __wasi_event_t event, *events = h->n ? h->events : &event;
    size_t n = 0;
    if (timeout >= 0) add_clock(&subs[n++], timeout > 86400.0 ? 86400.0 : timeout);
    for (size_t i = 0; i < h->n; i++)
        if (!h->w[i].always) n = add_watched(h, i, subs, n);
    __wasi_size_t nevents = 0;
    __wasi_errno_t e = __wasi_poll_oneoff(subs, events, n, &nevents);
    if (e != __WASI_ERRNO_SUCCESS) {
        /* No fd to blame (a runtime that cannot sleep on a clock, say):
         * stopping the loop beats spinning.  WASI's errnos are wasi-libc's. */
        if (!find_unpollable(h)) return e;
        nevents = 0;
    }
    /* Collect first: wa__io_ready only queues, but keep the set stable. */
    for (__wasi_size_t k = 0; k < nevents; k++) {
        if (events[k].userdata == 0) continue;
        size_t i = (size_t)(events[k].userdata - 1) / 2;
        bool write = (events[k].userdata - 1) % 2;
        /* an error (a regular file, /dev/null) is "ready": the read or
         * write itself then says what is wrong, or succeeds */
        if (i < h->n) wa__io_ready(h->w[i].io, write ? WA__IO_WRITE : WA__IO_READ);
    }
    return report_always(h);
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
