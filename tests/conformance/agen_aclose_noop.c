/* aclose() on a generator that never started does nothing: its body never
 * runs (no cleanup either) and it is closed, so anext raises
 * StopAsyncIteration.  Closing a started generator runs its cleanup once;
 * a second aclose, like aclose on any closed generator, is a no-op. */
#include <inttypes.h>

#include "trace.h"

/* try: ... except BaseException: <trace>; raise */
typedef struct {
    wa_scope scope;
    const char *name;
} cleanup_scope;

static wa_future *cleanup_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    if (s->error) TRACE_NOW("%s: cleanup after %s", ((cleanup_scope *)s)->name, wa_error_type_of(s->error)->name);
    return NULL;
}

static void cleanup_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops cleanup_ops = {cleanup_exit, cleanup_drop};

static wa_scope *cleanup_enter(cleanup_scope *c, const char *name) {
    c->scope.ops = &cleanup_ops;
    c->name = name;
    return &c->scope;
}

typedef struct {
    wa_coro co;
    const char *name;
    cleanup_scope cleanup;
} gen_frame;

static wa_status gen(wa_coro *co) {
    gen_frame *f = (gen_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: started", f->name);
    WA_WITH(co, cleanup_enter(&f->cleanup, f->name)) {
        WA_YIELD_VALUE(co, wa_int(1));
        WA_YIELD_VALUE(co, wa_int(2));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *g, *h;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->g = WA_AGEN(wa_get_running_loop(), gen, gen_frame, .name = "fresh");
    WA_AWAIT(co, wa_agen_aclose(co, f->g));
    TRACE_NOW("main: aclose on a fresh generator returned");
    WA_AWAIT_TRY(co, wa_agen_next(co, f->g), f->err);
    if (!wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: anext raised %s", wa_error_type_of(f->err)->name);
    WA_AWAIT(co, wa_agen_aclose(co, f->g));
    TRACE_NOW("main: aclose again returned");

    f->h = WA_AGEN(wa_get_running_loop(), gen, gen_frame, .name = "started");
    WA_AWAIT(co, wa_agen_next(co, f->h));
    TRACE_NOW("main: got %" PRId64, co->value.as.i);
    WA_AWAIT(co, wa_agen_aclose(co, f->h));
    TRACE_NOW("main: first aclose returned");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_AWAIT(co, wa_agen_aclose(co, f->h));
    TRACE_NOW("main: second aclose returned");
    WA_AWAIT_TRY(co, wa_agen_next(co, f->h), f->err);
    if (!wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: anext raised %s", wa_error_type_of(f->err)->name);
    wa_agen_free(f->g);
    wa_agen_free(f->h);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
