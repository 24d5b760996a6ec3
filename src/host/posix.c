/*
 * posix.c — the native host: CLOCK_MONOTONIC and poll(2) on a wake pipe.
 *
 * wait() blocks in poll() for the loop's timeout; wake() writes one byte to
 * the pipe from any thread, so a loop blocked in poll returns at once
 * (asyncio's self-pipe).  The pipe is drained on every wait.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

typedef struct posix_host {
    int wake_read, wake_write;
} posix_host;

static int set_nonblocking_cloexec(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int posix_init(wa_loop *loop, void **state) {
    (void)loop;
    posix_host *h = malloc(sizeof *h);
    if (!h) return WA_ENOMEM;
    int fds[2];
    if (pipe(fds) < 0) {
        free(h);
        return WA_ENOMEM;
    }
    if (set_nonblocking_cloexec(fds[0]) < 0 || set_nonblocking_cloexec(fds[1]) < 0) {
        close(fds[0]);
        close(fds[1]);
        free(h);
        return WA_EINVAL;
    }
    h->wake_read = fds[0];
    h->wake_write = fds[1];
    *state = h;
    return WA_OK;
}

static void posix_close(void *state) {
    posix_host *h = state;
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

static int posix_wait(void *state, double timeout) {
    /* Ready work and only the wake pipe to watch: no system call.  The pipe
     * matters only to a wait that blocks (calls from other threads are found
     * through the loop's ts_pending flag); a byte left in it just ends the
     * next blocking wait early, which then drains it. */
    if (timeout == 0) return WA_OK;
    posix_host *h = state;
    int ms;
    if (timeout < 0) ms = -1;
    else if (timeout > 86400.0) ms = 86400 * 1000;
    else ms = (int)ceil(timeout * 1000.0);     /* round up: never wake before the deadline */
    struct pollfd pfd = {h->wake_read, POLLIN, 0};
    int n = poll(&pfd, 1, ms);
    if (n > 0) {
        char buf[64];
        while (read(h->wake_read, buf, sizeof buf) > 0) {}
    }
    return WA_OK;
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
};
