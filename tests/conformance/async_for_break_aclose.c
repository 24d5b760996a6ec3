/* Breaking out of `async for` leaves the generator suspended at its yield,
 * its cleanup not run; aclose() throws GeneratorExit in there, so the
 * cleanup runs (and may await) before aclose returns.  The closed generator
 * then raises StopAsyncIteration. */
#include <inttypes.h>

#include "trace.h"

/* try: ... except BaseException: <cleanup, awaiting 0.2>; raise */
typedef struct {
    wa_scope scope;
    int phase;
} cleanup_scope;

static wa_future *cleanup_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    cleanup_scope *c = (cleanup_scope *)s;
    if (c->phase == 0) {
        if (!s->error) return NULL;
        TRACE_NOW("gen: cleanup after %s", wa_error_type_of(s->error)->name);
        c->phase = 1;
        return wa_sleep(co, 0.2);
    }
    if (resumed) {
        wa_error_unref(s->error);
        s->error = wa_error_ref(resumed);
        return NULL;
    }
    TRACE_NOW("gen: cleanup done");
    return NULL;
}

static void cleanup_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops cleanup_ops = {cleanup_exit, cleanup_drop};

static wa_scope *cleanup_enter(cleanup_scope *c) {
    c->scope.ops = &cleanup_ops;
    c->phase = 0;
    return &c->scope;
}

typedef struct {
    wa_coro co;
    cleanup_scope cleanup;
    int i;
} numbers_frame;

static wa_status numbers(wa_coro *co) {
    numbers_frame *f = (numbers_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, cleanup_enter(&f->cleanup)) {
        for (f->i = 0; f->i < 10; f->i++) {
            TRACE_NOW("gen: yielding %d", f->i);
            WA_YIELD_VALUE(co, wa_int(f->i));
            WA_AWAIT(co, wa_sleep(co, 0.1));
        }
    }
    WA_WITH_END(co);
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
    f->gen = WA_AGEN(wa_get_running_loop(), numbers, numbers_frame);
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("main: got %" PRId64, co->value.as.i);
        if (co->value.as.i == 2) {
            TRACE_NOW("main: break");
            break;
        }
    }
    WA_ASYNC_FOR_END(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: after the loop, no cleanup yet; closing");
    WA_AWAIT(co, wa_agen_aclose(co, f->gen));
    TRACE_NOW("main: aclose returned");
    WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
    if (!wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: anext after aclose raised %s", wa_error_type_of(f->err)->name);
    wa_agen_free(f->gen);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
