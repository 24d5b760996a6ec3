/*
 * bridge.c — what js/wasyncio.js calls: the runtime's loop and its ticks,
 * starting the C entry points a module exports, reading outcomes, and
 * freeing the values JS builds.
 *
 * JS reads and writes wa_value in linear memory itself (js/memory.js), as
 * abi.c's table says it is laid out.
 */
#include <stddef.h>
#include <stdlib.h>

#include "js-int.h"

/* The runtime's loop: real clock, run by ticks from the host from now on. */
WA__JS_API(wa_js_init) wa_loop *wa_js_init(void) {
    wa_loop *loop = wa_loop_new(NULL);
    if (loop) loop->running = true;
    return loop;
}

/* Futures, tasks and handles alive on loop: what a leak check watches. */
WA__JS_API(wa_js_live_objects) uint32_t wa_js_live_objects(const wa_loop *loop) { return loop->refs - 1; }

/* An armed delay expired (the host's arm import scheduled it). */
WA__JS_API(wa_js_tick) void wa_js_tick(wa_loop *loop) { wa__loop_tick(loop); }

WA__JS_API(wa_js_alloc) void *wa_js_alloc(size_t size) { return malloc(size ? size : 1); }
WA__JS_API(wa_js_free) void wa_js_free(void *p) { free(p); }
WA__JS_API(wa_js_last_error) const char *wa_js_last_error(void) { return wa_last_error(); }

void wa__js_values_free(wa_value *v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++) {
        switch (v[i].kind) {
        case WA_KIND_STR:
        case WA_KIND_BYTES:
            free((void *)v[i].as.buf.data);
            break;
        case WA_KIND_LIST:
            wa__js_values_free((wa_value *)v[i].as.list.items, v[i].as.list.len);
            break;
        case WA_KIND_PTR:
            if (v[i].as.ptr.dtor) v[i].as.ptr.dtor(v[i].as.ptr.p);
            break;
        case WA_KIND_ERROR:
            wa_error_unref(v[i].as.err);
            break;
        default:
            break;
        }
    }
    free(v);
}

/* Frees an array of n values from wa_js_alloc, and all they hold. */
WA__JS_API(wa_js_values_free) void wa_js_values_free(wa_value *v, size_t n) { wa__js_values_free(v, n); }

/* ---- starting entry points ------------------------------------------------ */

typedef struct started {
    wa_value *args;
    size_t nargs;
} started;

static void on_done(wa_future *f, void *arg) {
    started *s = arg;
    wa__js_values_free(s->args, s->nargs);
    free(s);
    wa__js_settled(f);
}

/*
 * Calls start (from a wa_js_export_NAME export) with args, which it takes
 * over, and watches the future it returns: wa__js_settled(f) when done.
 * Returns that future, a reference JS releases with wa_js_release, or NULL
 * with wa_js_last_error() set.
 */
WA__JS_API(wa_js_start) wa_future *wa_js_start(wa_loop *loop, wa_js_start_fn start, wa_value *args, size_t nargs) {
    wa__misuse_clear();     /* a bare NULL must not carry an earlier call's message */
    wa_future *f = start(loop, args, nargs);
    started *s = NULL;
    if (!f) {
        /* wa_last_error() says why, or JS says which entry point refused */
    } else if (f->loop != loop) {
        wa__misuse(WA_EFOREIGN, __func__, "the entry point returned a future of another loop");
    } else if (!(s = malloc(sizeof *s)) || wa_future_add_done_callback(f, on_done, s)) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
    } else {
        s->args = args;
        s->nargs = nargs;
        wa__loop_poke(loop);
        return f;
    }
    if (f) wa_future_cancel(f, NULL);
    wa_future_unref(f);
    free(s);
    wa__js_values_free(args, nargs);
    return NULL;
}

wa_future *wa_js_raise(wa_loop *loop, wa_error *take_err) {
    wa_future *f = NULL;
    if (!loop || !take_err) {
        wa__misuse(WA_EINVAL, __func__, loop ? "take_err is NULL" : "loop is NULL");
    } else if ((f = wa_future_new(loop))) {
        wa_future_set_exception(f, take_err);
        return f;
    }
    wa_error_unref(take_err);
    return NULL;
}

/* Asks for f's cancellation (JS: task.cancel(), or the AbortSignal). */
WA__JS_API(wa_js_cancel) int wa_js_cancel(wa_future *f, const char *msg) {
    bool requested = wa_future_cancel(f, msg);
    wa__loop_poke(f->loop);
    return requested;
}

WA__JS_API(wa_js_release) void wa_js_release(wa_future *f) { wa_future_unref(f); }

/* ---- outcomes --------------------------------------------------------------- */

WA__JS_API(wa_js_state) int wa_js_state(const wa_future *f) {
    if (!wa_future_done(f)) return WA__JS_PENDING;
    if (wa_future_cancelled(f)) return WA__JS_CANCELLED;
    return f->error ? WA__JS_ERROR : WA__JS_RESULT;
}

/* A view of a finished future's result, valid until the next call. */
WA__JS_API(wa_js_result) const wa_value *wa_js_result(wa_future *f) {
    static wa_value view;
    wa_future_result(f, &view);
    return &view;
}

/* A failed or cancelled future's error: a new reference (wa_js_error_unref). */
WA__JS_API(wa_js_exception) wa_error *wa_js_exception(wa_future *f) {
    if (wa_future_cancelled(f)) return wa_future_cancelled_error(f);
    wa_error *e = NULL;
    wa_future_exception(f, &e);
    return wa_error_ref(e);
}
