/*
 * emscripten.c — the Emscripten host: the loop runs in slices on the JS
 * event loop and never blocks it.
 *
 * wait() cannot sleep here, so the loop asks for its next slice with arm():
 * wasm/library_wasyncio.js schedules one call of wa__emscripten_tick (an
 * immediate macrotask for ready work, a timer for the next deadline) and
 * cancels it when the loop is idle, so Node exits once C has nothing
 * pending.  The host state is the loop itself: it is what the tick needs.
 */
#include <emscripten.h>
#include <emscripten/console.h>

#include "host.h"

/* From library_wasyncio.js: one pending tick per loop; delay < 0 cancels. */
extern void wa__js_arm(wa_loop *loop, double delay);

/* Called from JS when an armed delay expires; exported for it. */
EMSCRIPTEN_KEEPALIVE void wa__emscripten_tick(wa_loop *loop) { wa__loop_tick(loop); }

static int emscripten_init(wa_loop *loop, void **state) {
    *state = loop;
    return WA_OK;
}

/* A freed loop must never be ticked. */
static void emscripten_close(void *state) { wa__js_arm(state, -1); }

static double emscripten_now(void *state) {
    (void)state;
    return emscripten_get_now() / 1000.0;   /* performance.now(): monotonic ms */
}

static int emscripten_wait(void *state, double timeout) {
    (void)state;
    return timeout == 0 ? WA_OK : WA_EWOULDBLOCK;
}

static void emscripten_arm(void *state, double delay) { wa__js_arm(state, delay); }

static void emscripten_report(void *state, const char *text) {
    (void)state;
    emscripten_console_error(text);
}

const wa_host_ops wa__host_real = {
    .name = "emscripten",
    .can_block = false,
    .init = emscripten_init,
    .close = emscripten_close,
    .now = emscripten_now,
    .wait = emscripten_wait,
    .arm = emscripten_arm,
    .wake = NULL,
    .report = emscripten_report,
};
