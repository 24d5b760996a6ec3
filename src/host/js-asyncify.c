/*
 * js-asyncify.c — the host of a blocking program (a main() that calls
 * wa_run) under js/wasyncio.js, built with Asyncify.
 *
 * wait() is an import the build marks as asynchronous: the loader unwinds
 * the wasm stack out of it, lets the JS event loop run until the deadline
 * or until JS settles a future C waits on, and rewinds back into it.  Only
 * the functions between main() and this import are instrumented (see
 * CMakeLists.txt), which keeps the size cost small.
 *
 * Sockets (src/net/js.c) that become ready end the wait too; wait()
 * collects them before and after it blocks, level-triggered.
 */
#include "host.h"
#include "../net/js.h"

#define JS_IMPORT(name) __attribute__((import_module("wasyncio"), import_name(#name)))

JS_IMPORT(now) double wa__js_now(void);
/* Returns after timeout seconds (< 0: none), or sooner once JS has settled
 * a future of this module or a watched socket is ready. */
JS_IMPORT(wait) void wa__js_wait(double timeout);
JS_IMPORT(report) void wa__js_report(const char *text);

static int js_init(wa_loop *loop, void **state) {
    (void)loop;
    *state = NULL;
    return WA_OK;
}

static void js_close(void *state) { (void)state; }

static double js_now(void *state) {
    (void)state;
    return wa__js_now();
}

/* With no deadline the loop waits for a JS call it awaits or a socket (the
 * core reports a deadlock when there is neither).  A socket already ready
 * means no wait at all. */
static int js_wait(void *state, double timeout) {
    (void)state;
    if (!wa__js_net_collect() && timeout != 0) {
        wa__js_wait(timeout);
        wa__js_net_collect();
    }
    return WA_OK;
}

static int js_watch(void *state, int sock, int old, int events, struct wa__io *io) {
    (void)state, (void)old;
    return wa__js_net_watch(sock, events, io);
}

static void js_report(void *state, const char *text) {
    (void)state;
    wa__js_report(text);
}

const wa_host_ops wa__host_real = {
    .name = "js-asyncify",
    .can_block = true,
    .init = js_init,
    .close = js_close,
    .now = js_now,
    .wait = js_wait,
    .arm = NULL,
    .wake = NULL,
    .report = js_report,
    .watch = js_watch,
};
