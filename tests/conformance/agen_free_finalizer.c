/* Dropping the last reference to a suspended async generator (wa_agen_free
 * in C) makes asyncio's finalizer hook close it in a task of its own,
 * created through call_soon_threadsafe(loop.create_task, agen.aclose()):
 * the task is only created in the next loop iteration, so the code that
 * dropped it runs on first; the cleanup then sees GeneratorExit, may await. */
#include <inttypes.h>

#include "trace.h"

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
} stream_frame;

static wa_status stream(wa_coro *co) {
    stream_frame *f = (stream_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, cleanup_enter(&f->cleanup)) {
        WA_YIELD_VALUE(co, wa_int(0));
        WA_YIELD_VALUE(co, wa_int(1));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *g;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->g = WA_AGEN(wa_get_running_loop(), stream, stream_frame);
    WA_AWAIT(co, wa_agen_next(co, f->g));
    TRACE_NOW("main: got %" PRId64, co->value.as.i);
    wa_agen_free(f->g);
    f->g = NULL;
    TRACE_NOW("main: dropped the generator");
    WA_YIELD(co);
    TRACE_NOW("main: after sleep(0) #1");
    WA_YIELD(co);
    TRACE_NOW("main: after sleep(0) #2");
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
