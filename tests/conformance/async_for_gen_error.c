/* An error raised inside an async generator mid-iteration runs the
 * generator's own cleanup first, then comes out of the `async for` that was
 * consuming it, with its type and message; the generator is then finished,
 * so the next anext raises StopAsyncIteration. */
#include <inttypes.h>

#include "trace.h"

/* try: ... except BaseException: <trace>; raise */
typedef struct {
    wa_scope scope;
} cleanup_scope;

static wa_future *cleanup_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    if (s->error) TRACE_NOW("gen: cleanup after %s", wa_error_type_of(s->error)->name);
    return NULL;
}

static void cleanup_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops cleanup_ops = {cleanup_exit, cleanup_drop};

static wa_scope *cleanup_enter(cleanup_scope *c) {
    c->scope.ops = &cleanup_ops;
    return &c->scope;
}

typedef struct {
    wa_coro co;
    cleanup_scope cleanup;
    int i;
} readings_frame;

static wa_status readings(wa_coro *co) {
    readings_frame *f = (readings_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, cleanup_enter(&f->cleanup)) {
        for (f->i = 0; f->i < 5; f->i++) {
            WA_AWAIT(co, wa_sleep(co, 0.25));
            if (f->i == 2) {
                TRACE_NOW("gen: raising ValueError");
                WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "sensor failed at %d", f->i));
            }
            WA_YIELD_VALUE(co, wa_int(f->i * 10));
        }
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    int64_t total;
} consume_frame;

static wa_status consume(wa_coro *co) {
    consume_frame *f = (consume_frame *)co;
    WA_BEGIN(co);
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("consume: got %" PRId64, co->value.as.i);
        f->total += co->value.as.i;
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("consume: not reached");
    WA_RETURN(co, wa_int(f->total));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), readings, readings_frame);
    WA_AWAIT_CALL_TRY(co, f->err, consume, consume_frame, .gen = f->gen);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
    if (!wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: anext after the error raised %s", wa_error_type_of(f->err)->name);
    wa_agen_free(f->gen);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
