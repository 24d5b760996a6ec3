/* After aclose() raised "async generator ignored GeneratorExit", the
 * generator is marked closed though still suspended at its second yield:
 * another aclose() raises StopAsyncIteration at once without resuming it,
 * while anext() still resumes it from that yield until it returns. */
#include <inttypes.h>

#include "trace.h"

/* try: ... except GeneratorExit: (swallowed, goes on after the scope) */
typedef struct {
    wa_scope scope;
} catch_exit_scope;

static wa_future *catch_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    if (wa_error_is(s->error, WA_GENERATOR_EXIT)) {
        wa_error_unref(s->error);
        s->error = NULL;
    }
    return NULL;
}

static void catch_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops catch_ops = {catch_exit, catch_drop};

static wa_scope *catch_enter(catch_exit_scope *c) {
    c->scope.ops = &catch_ops;
    return &c->scope;
}

typedef struct {
    wa_coro co;
    catch_exit_scope catcher;
    bool caught;
} gen_frame;

static wa_status stubborn(wa_coro *co) {
    gen_frame *f = (gen_frame *)co;
    WA_BEGIN(co);
    f->caught = true;
    WA_WITH(co, catch_enter(&f->catcher)) {
        WA_YIELD_VALUE(co, wa_int(1));
        f->caught = false;
    }
    WA_WITH_END(co);
    if (f->caught) {
        TRACE_NOW("gen: caught GeneratorExit, yielding again");
        WA_YIELD_VALUE(co, wa_int(2));
        TRACE_NOW("gen: resumed after the second yield");
    }
    TRACE_NOW("gen: returning");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *g;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->g = WA_AGEN(wa_get_running_loop(), stubborn, gen_frame);
    WA_AWAIT(co, wa_agen_next(co, f->g));
    TRACE_NOW("main: got %" PRId64, co->value.as.i);
    WA_AWAIT_TRY(co, wa_agen_aclose(co, f->g), f->err);
    if (!wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_VALUE_ERROR, "no error"));
    TRACE_NOW("main: aclose raised %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_agen_aclose(co, f->g), f->err);
    if (f->err && !wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: second aclose raised %s", wa_error_type_of(f->err)->name);
    else
        TRACE_NOW("main: second aclose returned");
    WA_AWAIT_TRY(co, wa_agen_next(co, f->g), f->err);
    if (f->err && !wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: anext raised %s", wa_error_type_of(f->err)->name);
    else
        TRACE_NOW("main: anext -> %" PRId64, co->value.as.i);
    WA_AWAIT(co, wa_agen_aclose(co, f->g));
    TRACE_NOW("main: aclose of the finished generator returned");
    wa_agen_free(f->g);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
