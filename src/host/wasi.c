/*
 * wasi.c — the WASI host: the monotonic clock and poll_oneoff.
 *
 * wait() blocks in one poll_oneoff call with a single relative
 * CLOCK_MONOTONIC subscription, the only way a WASI command module can sleep
 * without spinning.  WASI has no threads and no signals, so a wait with no
 * deadline could never end: it is reported as a deadlock instead of hanging
 * the runtime.  There is no wake().
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <time.h>
#include <wasi/api.h>

#include "host.h"

static int wasi_init(wa_loop *loop, void **state) {
    (void)loop;
    *state = NULL;      /* nothing to keep: no wake pipe without threads */
    return WA_OK;
}

static void wasi_close(void *state) { (void)state; }

static double wasi_now(void *state) {
    (void)state;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int wasi_wait(void *state, double timeout) {
    (void)state;
    if (timeout < 0) return WA_EDEADLOCK;
    if (timeout == 0) return WA_OK;
    if (timeout > 86400.0) timeout = 86400.0;
    __wasi_subscription_t sub = {0};
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    /* round up: never wake before the deadline */
    sub.u.u.clock.timeout = (__wasi_timestamp_t)ceil(timeout * 1e9);
    sub.u.u.clock.flags = 0;    /* relative to now */
    __wasi_event_t event;
    __wasi_size_t nevents;
    /* A runtime that cannot sleep on a clock would make the loop spin:
     * failing is better than busy waiting. */
    if (__wasi_poll_oneoff(&sub, &event, 1, &nevents) != __WASI_ERRNO_SUCCESS) return WA_ENOSYS;
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
};
