/* An async generator still suspended when main returns is closed by
 * asyncio.run itself (loop.shutdown_asyncgens): after the tasks left over
 * were cancelled and have finished their own cleanup, GeneratorExit is
 * thrown in at the generator's yield and its cleanup runs (and may await). */
#include <inttypes.h>

#include "trace.h"

static wa_agen *gen_ref;    /* keeps the generator alive until shutdown */

/* try: ... except BaseException: <cleanup, awaiting 0.5>; raise */
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
        return wa_sleep(co, 0.5);
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
    int64_t i;
} stream_frame;

static wa_status stream(wa_coro *co) {
    stream_frame *f = (stream_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, cleanup_enter(&f->cleanup)) {
        for (f->i = 0;; f->i++) {
            WA_YIELD_VALUE(co, wa_int(f->i));
            WA_AWAIT(co, wa_sleep(co, 1));
        }
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
    wa_error *saved;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 100), f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("worker: %s at shutdown", wa_error_type_of(f->err)->name);
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.2));
    TRACE_NOW("worker: cleanup done");
    WA_RAISE(co, f->saved);
    WA_END(co);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    wa_task_unref(WA_SPAWN(wa_get_running_loop(), worker, worker_frame));
    gen_ref = WA_AGEN(wa_get_running_loop(), stream, stream_frame);
    WA_AWAIT(co, wa_agen_next(co, gen_ref));
    TRACE_NOW("main: got %" PRId64, co->value.as.i);
    WA_AWAIT(co, wa_agen_next(co, gen_ref));
    TRACE_NOW("main: got %" PRId64, co->value.as.i);
    TRACE_NOW("main: returning with the generator suspended");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    int rc = CONF_RUN(main_step, main_frame);
    wa_agen_free(gen_ref);
    return rc;
}
