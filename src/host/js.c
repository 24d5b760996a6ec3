/*
 * js.c — the host of modules loaded by the npm package (js/wasyncio.js):
 * the loop runs in slices on the JS event loop and never blocks it.
 *
 * Like emscripten.c, but through imports the package's own loader provides
 * instead of Emscripten's glue, so the same module runs in Node and in
 * browsers whichever toolchain built it (emcc -sSTANDALONE_WASM or clang
 * for WASI).  arm() asks JS for one call of wa_js_tick: an immediate
 * macrotask for ready work, a timer for the next deadline, nothing when
 * idle, so Node exits once C has nothing pending.
 *
 * Sockets (src/net/js.c) become ready in Node callbacks, between ticks: JS
 * then asks for a tick, which first collects them (wa_js_io_ready), and
 * each wait(0) of an iteration collects them again, level-triggered.
 */
#include "host.h"
#include "../net/js.h"

#define JS_IMPORT(name) __attribute__((import_module("wasyncio"), import_name(#name)))

JS_IMPORT(now) double wa__js_now(void);                     /* performance.now() in seconds */
JS_IMPORT(arm) void wa__js_arm(wa_loop *loop, double delay);
JS_IMPORT(report) void wa__js_report(const char *text);

static int js_init(wa_loop *loop, void **state) {
    *state = loop;
    return WA_OK;
}

/* A freed loop must never be ticked. */
static void js_close(void *state) { wa__js_arm(state, -1); }

static double js_now(void *state) {
    (void)state;
    return wa__js_now();
}

static int js_wait(void *state, double timeout) {
    (void)state;
    if (timeout != 0) return WA_EWOULDBLOCK;
    wa__js_net_collect();
    return WA_OK;
}

/* JS, before a tick: queue the watchers of the sockets that became ready
 * while the loop was idle (wait() is only called when work is ready). */
__attribute__((export_name("wa_js_io_ready"))) void wa_js_io_ready(void) { wa__js_net_collect(); }

static int js_watch(void *state, int sock, int old, int events, struct wa__io *io) {
    (void)state, (void)old;
    return wa__js_net_watch(sock, events, io);
}

static void js_arm(void *state, double delay) { wa__js_arm(state, delay); }

static void js_report(void *state, const char *text) {
    (void)state;
    wa__js_report(text);
}

const wa_host_ops wa__host_real = {
    .name = "js",
    .can_block = false,
    .init = js_init,
    .close = js_close,
    .now = js_now,
    .wait = js_wait,
    .arm = js_arm,
    .wake = NULL,
    .report = js_report,
    .watch = js_watch,
};
