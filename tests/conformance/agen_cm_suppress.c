/* @asynccontextmanager deciding what happens to the body's error: a
 * generator that catches it and returns swallows it (the code after the
 * `async with` runs); one that re-raises it lets the same object go on;
 * one that raises another error replaces it (its context is the body's
 * error).  A StopAsyncIteration raised in the body is not swallowed when
 * it merely passes through the generator, but is when the generator
 * catches it and returns. */
#include <string.h>

#include "trace.h"

static const wa_error_type key_error = {"KeyError", &wa__lookup_error};

typedef struct {
    wa_coro co;
    const char *mode;
    wa_try t;
} guarded_frame;

static wa_status guarded(wa_coro *co) {
    guarded_frame *f = (guarded_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_YIELD_VALUE(co, wa_str(f->mode));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("cm[%s]: caught %s(%s)", f->mode, wa_error_type_of(f->t.caught)->name, wa_error_message(f->t.caught));
        WA_AWAIT(co, wa_sleep(co, 0.5));
        if (strcmp(f->mode, "reraise") == 0) WA_RERAISE(co, &f->t);
        if (strcmp(f->mode, "replace") == 0) WA_RAISE(co, wa_error_new(&key_error, "'replaced'"));
        TRACE_NOW("cm[%s]: swallowing it", f->mode);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

static wa_status passthrough(wa_coro *co) {
    WA_BEGIN(co);
    WA_YIELD_VALUE(co, wa_str("passthrough"));
    WA_END(co);
}

static wa_status catch_stop(wa_coro *co) {
    guarded_frame *f = (guarded_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_YIELD_VALUE(co, wa_str("catch_stop"));
    }
    WA_EXCEPT(co, &f->t, WA_STOP_ASYNC_ITERATION) {
        TRACE_NOW("cm[catch_stop]: caught StopAsyncIteration");
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_step_fn gen;
    const char *arg;        /* guarded's mode */
    wa_error *err;          /* raised in the body (ours) */
    char mode[16];          /* `as mode` */
    wa_agen_cm cm;
    wa_try t;
} attempt_frame;

static wa_status attempt(wa_coro *co) {
    attempt_frame *f = (attempt_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_WITH(co, WA_AGEN_CM(co, &f->cm, f->gen, guarded_frame, .mode = f->arg)) {
            snprintf(f->mode, sizeof f->mode, "%s", co->value.as.buf.data);
            TRACE_NOW("%s: raising %s", f->mode, wa_error_type_of(f->err)->name);
            WA_AWAIT(co, wa_sleep(co, 1));
            WA_RAISE(co, wa_error_ref(f->err));
        }
        WA_WITH_END(co);
        TRACE_NOW("%s: after the block, error swallowed", f->mode);
    }
    WA_EXCEPT(co, &f->t, WA_BASE_EXCEPTION) {
        const wa_error *e = f->t.caught, *ctx = wa_error_context(e);
        char tail[96] = "";
        if (ctx) snprintf(tail, sizeof tail, " context=%s(%s)", wa_error_type_of(ctx)->name, wa_error_message(ctx));
        TRACE_NOW("%s: %s(%s) same=%s%s", f->mode, wa_error_type_of(e)->name, wa_error_message(e), yes(e == f->err),
                  tail);
    }
    WA_TRY_END(co, &f->t);
    wa_error_unref(f->err);
    WA_END(co);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, attempt, attempt_frame, .gen = guarded, .arg = "swallow",
                  .err = wa_error_new(WA_VALUE_ERROR, "v1"));
    WA_AWAIT_CALL(co, attempt, attempt_frame, .gen = guarded, .arg = "reraise",
                  .err = wa_error_new(WA_VALUE_ERROR, "v2"));
    WA_AWAIT_CALL(co, attempt, attempt_frame, .gen = guarded, .arg = "replace",
                  .err = wa_error_new(WA_VALUE_ERROR, "v3"));
    WA_AWAIT_CALL(co, attempt, attempt_frame, .gen = guarded, .arg = "other",
                  .err = wa_error_new(WA_TYPE_ERROR, "not for me"));
    WA_AWAIT_CALL(co, attempt, attempt_frame, .gen = passthrough,
                  .err = wa_error_new(WA_STOP_ASYNC_ITERATION, "stop"));
    WA_AWAIT_CALL(co, attempt, attempt_frame, .gen = catch_stop,
                  .err = wa_error_new(WA_STOP_ASYNC_ITERATION, "stop"));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
