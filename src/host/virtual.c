/*
 * virtual.c — a deterministic clock for tests.
 *
 * Time starts at 0 and moves only when the loop would wait: it jumps by the
 * whole timeout, so a program that sleeps for an hour finishes at once and
 * prints the same times on every machine.  Waiting forever with nothing
 * scheduled is a deadlock, reported instead of hanging.
 */
#include <stdio.h>
#include <stdlib.h>

#include "host.h"

typedef struct virtual_clock {
    double now;
} virtual_clock;

static int virtual_init(wa_loop *loop, void **state) {
    (void)loop;
    virtual_clock *c = calloc(1, sizeof *c);
    if (!c) return WA_ENOMEM;
    *state = c;
    return WA_OK;
}

static void virtual_close(void *state) { free(state); }
static double virtual_now(void *state) { return ((virtual_clock *)state)->now; }

static int virtual_wait(void *state, double timeout) {
    if (timeout < 0) return WA_EDEADLOCK;
    ((virtual_clock *)state)->now += timeout;
    return WA_OK;
}

static void virtual_report(void *state, const char *text) {
    (void)state;
    fprintf(stderr, "%s\n", text);
}

const wa_host_ops wa__host_virtual = {
    .name = "virtual",
    .can_block = true,
    .init = virtual_init,
    .close = virtual_close,
    .now = virtual_now,
    .wait = virtual_wait,
    .arm = NULL,
    .wake = NULL,
    .report = virtual_report,
};
