/* A user-defined async context manager: __aexit__ sees the body's error
 * (None when it ended normally), may await before finishing, and swallows
 * the error by returning True (here for ValueError and its subclasses:
 * execution goes on after the block) or lets it propagate (any other error). */
#include "trace.h"

static const wa_error_type parse_error = {"ParseError", WA_VALUE_ERROR};

/* The context manager: a scope with its own ops.  Its exit runs twice: first
 * it starts closing and returns a future to wait for (the sleep), then,
 * called again once that is done, it decides about the error. */
typedef struct {
    wa_scope scope;
    const char *name;
    int phase;
} resource;

static wa_future *resource_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    resource *r = (resource *)s;
    if (r->phase == 0) {
        TRACE_NOW("%s: exit with %s, closing", r->name, s->error ? wa_error_type_of(s->error)->name : "None");
        r->phase = 1;
        return wa_sleep(co, 0.5);
    }
    if (resumed) {
        /* the sleep failed (the task was cancelled): that error replaces the body's */
        wa_error_unref(s->error);
        s->error = wa_error_ref(resumed);
        return NULL;
    }
    if (wa_error_is(s->error, WA_VALUE_ERROR)) {
        TRACE_NOW("%s: closed, swallowing %s: %s", r->name, wa_error_type_of(s->error)->name,
                  wa_error_message(s->error));
        wa_error_unref(s->error);
        s->error = NULL;
        return NULL;
    }
    TRACE_NOW("%s: closed", r->name);
    return NULL;
}

static void resource_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops resource_ops = {resource_exit, resource_drop};

/* __aenter__ */
static wa_scope *resource_enter(resource *r, const char *name) {
    r->scope.ops = &resource_ops;
    r->name = name;
    r->phase = 0;
    TRACE_NOW("%s: enter", name);
    return &r->scope;
}

typedef struct {
    wa_coro co;
    resource r3;
} failing_frame;

static wa_status failing(wa_coro *co) {
    failing_frame *f = (failing_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, resource_enter(&f->r3, "r3")) {
        TRACE_NOW("body3: raising RuntimeError");
        WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "disk full"));
    }
    WA_WITH_END(co);
    TRACE_NOW("failing: not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    resource r1, r2;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, resource_enter(&f->r1, "r1")) {
        TRACE_NOW("body1: working");
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("body1: done");
    }
    WA_WITH_END(co);
    TRACE_NOW("main: after r1");
    WA_WITH(co, resource_enter(&f->r2, "r2")) {
        TRACE_NOW("body2: raising ParseError");
        WA_RAISE(co, wa_error_new(&parse_error, "bad row 7"));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: after r2, the error was swallowed");
    WA_AWAIT_CALL_TRY(co, f->err, failing, failing_frame);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
