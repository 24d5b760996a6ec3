/*
 * posix.c — the native host: CLOCK_MONOTONIC, and epoll (Linux) or poll(2)
 * (everywhere else, and on Linux when built with WA_USE_POLL: the poll
 * preset tests this path there) over the watched fds and a wake pipe.
 *
 * wait() blocks for the loop's timeout; wake() writes one byte to the pipe
 * from any thread, so a loop blocked in wait returns at once (asyncio's
 * self-pipe).  The pipe is drained whenever it is readable.
 *
 * Regular files and /dev/null, opened as pipes, are always ready: poll(2)
 * says so by itself; epoll refuses them (EPERM), so the epoll backend keeps
 * them aside and reports them ready on every wait, which then does not
 * block.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE     /* madvise's MADV_HUGEPAGE */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__linux__) && !defined(WA_USE_POLL)
#define USE_EPOLL 1
#include <sys/epoll.h>
#endif

#include "host.h"

#define MAX_EVENTS 256

#ifdef USE_EPOLL
/* A watched fd epoll refuses: a regular file or /dev/null. */
typedef struct always_ready {
    int fd;
    int events;
    struct wa__io *io;
} always_ready;
#endif

typedef struct posix_host {
    int wake_read, wake_write;
#ifdef USE_EPOLL
    int epfd;
    always_ready *always;
    size_t nalways, capalways;
#else
    /* poll's set: fds[0] is the wake pipe, watchers[i] owns fds[i], and
     * slot[fd] is fd's index in the set (0: not watched), so a change of
     * interest costs no search among 10,000 sockets. */
    struct pollfd *fds;
    struct wa__io **watchers;
    size_t n, cap;
    size_t *slot;
    size_t nslot;
#endif
} posix_host;

static int set_nonblocking_cloexec(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void drain_wake_pipe(posix_host *h) {
    char buf[64];
    while (read(h->wake_read, buf, sizeof buf) > 0) {}
}

static int timeout_ms(double timeout) {
    if (timeout < 0) return -1;
    if (timeout > 86400.0) return 86400 * 1000;
    return (int)ceil(timeout * 1000.0);     /* round up: never wake before the deadline */
}

#ifdef USE_EPOLL

static int backend_init(posix_host *h) {
    h->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (h->epfd < 0) return WA_ENOMEM;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(h->epfd, EPOLL_CTL_ADD, h->wake_read, &ev) < 0) {
        close(h->epfd);
        return WA_ENOMEM;
    }
    return WA_OK;
}

static void backend_close(posix_host *h) {
    close(h->epfd);
    free(h->always);
}

/* fd among the always-ready ones: its index, or nalways. */
static size_t find_always(posix_host *h, int fd) {
    size_t i = 0;
    while (i < h->nalways && h->always[i].fd != fd) i++;
    return i;
}

static int watch_always(posix_host *h, size_t i, int fd, int events, struct wa__io *io) {
    if (!events) {      /* the last one takes the freed slot */
        h->always[i] = h->always[--h->nalways];
        return WA_OK;
    }
    if (i == h->nalways) {
        if (h->nalways == h->capalways) {
            size_t cap = h->capalways ? h->capalways * 2 : 4;
            always_ready *a = realloc(h->always, cap * sizeof *a);
            if (!a) return WA_ENOMEM;
            h->always = a;
            h->capalways = cap;
        }
        h->nalways++;
    }
    h->always[i] = (always_ready){fd, events, io};
    return WA_OK;
}

static int posix_watch(void *state, int sock, int old, int events, struct wa__io *io) {
    posix_host *h = state;
    size_t i = old && h->nalways ? find_always(h, sock) : h->nalways;
    if (i < h->nalways) return watch_always(h, i, sock, events, io);
    struct epoll_event ev = {0};
    ev.events = (events & WA__IO_READ ? EPOLLIN : 0) | (events & WA__IO_WRITE ? EPOLLOUT : 0);
    ev.data.ptr = io;
    int op = !events ? EPOLL_CTL_DEL : !old ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (epoll_ctl(h->epfd, op, sock, &ev) == 0) return WA_OK;
    if (errno == EPERM && op == EPOLL_CTL_ADD) return watch_always(h, i, sock, events, io);
    return errno == ENOMEM || errno == ENOSPC ? WA_ENOMEM : WA_EINVAL;
}

static int posix_wait(void *state, double timeout) {
    posix_host *h = state;
    struct epoll_event events[MAX_EVENTS];
    int n = epoll_wait(h->epfd, events, MAX_EVENTS, h->nalways ? 0 : timeout_ms(timeout));
    if (n < 0 && errno != EINTR) return errno;
    for (int i = 0; i < n; i++) {
        if (!events[i].data.ptr) {
            drain_wake_pipe(h);
            continue;
        }
        uint32_t e = events[i].events;
        int ready = (e & (EPOLLIN | EPOLLHUP | EPOLLERR) ? WA__IO_READ : 0) |
                    (e & (EPOLLOUT | EPOLLHUP | EPOLLERR) ? WA__IO_WRITE : 0);
        wa__io_ready(events[i].data.ptr, ready);
    }
    for (size_t i = 0; i < h->nalways; i++) wa__io_ready(h->always[i].io, h->always[i].events);
    return WA_OK;
}

#else

static int backend_init(posix_host *h) {
    h->cap = 16;
    h->fds = malloc(h->cap * sizeof *h->fds);
    h->watchers = malloc(h->cap * sizeof *h->watchers);
    if (!h->fds || !h->watchers) {
        free(h->fds);
        free(h->watchers);
        return WA_ENOMEM;
    }
    h->fds[0] = (struct pollfd){h->wake_read, POLLIN, 0};
    h->watchers[0] = NULL;
    h->n = 1;
    return WA_OK;
}

static void backend_close(posix_host *h) {
    free(h->fds);
    free(h->watchers);
    free(h->slot);
}

static int posix_watch(void *state, int sock, int old, int events, struct wa__io *io) {
    posix_host *h = state;
    if (sock < 0) return WA_EINVAL;
    size_t fd = (size_t)sock;
    size_t i = old && fd < h->nslot ? h->slot[fd] : 0;
    if (!events) {      /* the last one takes the freed slot */
        if (i) {
            h->fds[i] = h->fds[--h->n];
            h->watchers[i] = h->watchers[h->n];
            h->slot[h->fds[i].fd] = i;
            h->slot[fd] = 0;
        }
        return WA_OK;
    }
    if (!i) {
        if (fd >= h->nslot) {
            size_t nslot = fd < 64 ? 128 : fd * 2;
            size_t *slot = realloc(h->slot, nslot * sizeof *slot);
            if (!slot) return WA_ENOMEM;
            for (size_t k = h->nslot; k < nslot; k++) slot[k] = 0;
            h->slot = slot;
            h->nslot = nslot;
        }
        if (h->n == h->cap) {
            size_t cap = h->cap * 2;
            struct pollfd *fds = realloc(h->fds, cap * sizeof *fds);
            if (!fds) return WA_ENOMEM;
            h->fds = fds;
            struct wa__io **ws = realloc(h->watchers, cap * sizeof *ws);
            if (!ws) return WA_ENOMEM;
            h->watchers = ws;
            h->cap = cap;
        }
        i = h->n++;
        h->slot[fd] = i;
    }
    h->fds[i] = (struct pollfd){sock, (short)((events & WA__IO_READ ? POLLIN : 0) | (events & WA__IO_WRITE ? POLLOUT : 0)), 0};
    h->watchers[i] = io;
    return WA_OK;
}

static int posix_wait(void *state, double timeout) {
    posix_host *h = state;
    int n = poll(h->fds, (nfds_t)h->n, timeout_ms(timeout));
    if (n < 0 && errno != EINTR) return errno;
    if (n <= 0) return WA_OK;
    if (h->fds[0].revents) drain_wake_pipe(h);
    /* Report after the scan: a callback cannot run here, but wa__io_ready
     * must not see the set change under it either way.  POLLNVAL (an fd
     * closed behind the loop's back) counts as ready, so the read or write
     * says EBADF instead of the fd making every poll return at once. */
    for (size_t i = 1; i < h->n; i++) {
        short e = h->fds[i].revents;
        if (!e) continue;
        int ready = (e & (POLLIN | POLLHUP | POLLERR | POLLNVAL) ? WA__IO_READ : 0) |
                    (e & (POLLOUT | POLLHUP | POLLERR | POLLNVAL) ? WA__IO_WRITE : 0);
        wa__io_ready(h->watchers[i], ready);
    }
    return WA_OK;
}

#endif

static int posix_init(wa_loop *loop, void **state) {
    (void)loop;
    posix_host *h = calloc(1, sizeof *h);
    if (!h) return WA_ENOMEM;
    int fds[2];
    if (pipe(fds) < 0) {
        free(h);
        return WA_ENOMEM;
    }
    h->wake_read = fds[0];
    h->wake_write = fds[1];
    int rc = set_nonblocking_cloexec(fds[0]) < 0 || set_nonblocking_cloexec(fds[1]) < 0 ? WA_EINVAL : backend_init(h);
    if (rc) {
        close(fds[0]);
        close(fds[1]);
        free(h);
        return rc;
    }
    *state = h;
    return WA_OK;
}

static void posix_close(void *state) {
    posix_host *h = state;
    backend_close(h);
    close(h->wake_read);
    close(h->wake_write);
    free(h);
}

static double posix_now(void *state) {
    (void)state;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void posix_wake(void *state) {
    posix_host *h = state;
    char b = 1;
    ssize_t n;
    do n = write(h->wake_write, &b, 1);
    while (n < 0 && errno == EINTR);     /* EAGAIN: a wake-up is already pending */
}

static void posix_report(void *state, const char *text) {
    (void)state;
    fprintf(stderr, "%s\n", text);
}

/* Linux's transparent huge pages, in their default "madvise" mode, back
 * only what is advised.  Advice: a failure changes nothing. */
static void posix_dense(void *chunk, size_t size) {
#ifdef MADV_HUGEPAGE
    (void)madvise(chunk, size, MADV_HUGEPAGE);
#else
    (void)chunk;
    (void)size;
#endif
}

const wa_host_ops wa__host_real = {
    .name = "posix",
    .can_block = true,
    .init = posix_init,
    .close = posix_close,
    .now = posix_now,
    .wait = posix_wait,
    .arm = NULL,
    .wake = posix_wake,
    .report = posix_report,
    .watch = posix_watch,
    .dense = posix_dense,
};
