/* A return from inside two nested `async with` blocks runs both exits,
 * innermost first, each awaiting, and only then delivers the value; an
 * error raised there passes through both exits the same way.  An exit that
 * raises while a return is under way replaces the return with its error. */
#include "trace.h"

typedef struct {
    wa_scope scope;
    const char *name;
    bool refuse;
    int phase;
} scope_cm;

static wa_future *scope_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    scope_cm *c = (scope_cm *)s;
    if (c->phase == 0) {
        TRACE_NOW("%s: exit with %s", c->name, s->error ? wa_error_type_of(s->error)->name : "None");
        c->phase = 1;
        return wa_sleep(co, 0.1);
    }
    if (resumed) {
        wa_error_unref(s->error);
        s->error = wa_error_ref(resumed);
        return NULL;
    }
    if (c->refuse) {
        TRACE_NOW("%s: raising RuntimeError", c->name);
        wa_error_unref(s->error);
        s->error = wa_error_new(WA_RUNTIME_ERROR, "%s refused", c->name);
        return NULL;
    }
    TRACE_NOW("%s: exit done", c->name);
    return NULL;
}

static void scope_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops scope_ops = {scope_exit, scope_drop};

static wa_scope *scope_enter(scope_cm *c, const char *name, bool refuse) {
    c->scope.ops = &scope_ops;
    c->name = name;
    c->refuse = refuse;
    c->phase = 0;
    TRACE_NOW("%s: enter", name);
    return &c->scope;
}

typedef struct {
    wa_coro co;
    bool raise;
    bool refuse;
    scope_cm outer, inner;
} fetch_frame;

static wa_status fetch(wa_coro *co) {
    fetch_frame *f = (fetch_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, scope_enter(&f->outer, "outer", f->refuse)) {
        WA_WITH(co, scope_enter(&f->inner, "inner", false)) {
            WA_AWAIT(co, wa_sleep(co, 0.5));
            if (!f->raise) {
                TRACE_NOW("fetch: returning 'payload'");
                WA_RETURN(co, wa_str("payload"));
            }
            TRACE_NOW("fetch: raising ValueError");
            WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "no payload"));
        }
        WA_WITH_END(co);
        TRACE_NOW("fetch: not reached");
    }
    WA_WITH_END(co);
    TRACE_NOW("fetch: not reached either");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, fetch, fetch_frame);
    TRACE_NOW("main: got %s", co->value.as.buf.data);
    WA_AWAIT_CALL_TRY(co, f->err, fetch, fetch_frame, .raise = true);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_CALL_TRY(co, f->err, fetch, fetch_frame, .refuse = true);
    if (!f->err) TRACE_NOW("main: not reached %s", co->value.as.buf.data);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
