/* @asynccontextmanager's own errors: a generator that returns before
 * yielding ("generator didn't yield", the body not run); one that yields
 * twice after a normal body ("generator didn't stop"), or yields again
 * after the body's error was thrown in ("generator didn't stop after
 * athrow()", whose context is the body's error); either way it is closed
 * (aclose runs its finally).  An error raised while setting up comes out
 * as it is, the body not run. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_try t;
} gen_frame;

static wa_status nothing(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("cm: returning without a yield");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_END(co);
}

static wa_status twice(wa_coro *co) {
    gen_frame *f = (gen_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_YIELD_VALUE(co, wa_str("first"));
        TRACE_NOW("cm: yielding again");
        WA_YIELD_VALUE(co, wa_str("second"));
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("cm: closed by aclose");
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

static wa_status stubborn(wa_coro *co) {
    gen_frame *f = (gen_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_YIELD_VALUE(co, wa_str("resource"));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("cm: ignoring ValueError(%s) and yielding", wa_error_message(f->t.caught));
        WA_YIELD_VALUE(co, wa_str("again"));
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("cm: closed by aclose");
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

static wa_status broken(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.25));
    WA_RAISE(co, wa_error_new(WA_OS_ERROR, "no route to host"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *label;
    wa_step_fn gen;
    bool fail;
    wa_agen_cm cm;
    wa_try t;
} attempt_frame;

static wa_status attempt(wa_coro *co) {
    attempt_frame *f = (attempt_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_WITH(co, WA_AGEN_CM(co, &f->cm, f->gen, gen_frame)) {
            TRACE_NOW("%s: body with %s", f->label, co->value.as.buf.data);
            WA_AWAIT(co, wa_sleep(co, 1));
            if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "body failed"));
        }
        WA_WITH_END(co);
        TRACE_NOW("%s: after the block", f->label);
    }
    WA_EXCEPT(co, &f->t, WA_EXCEPTION) {
        const wa_error *e = f->t.caught, *ctx = wa_error_context(e);
        if (ctx)
            TRACE_NOW("%s: %s(%s) context=%s(%s)", f->label, wa_error_type_of(e)->name, wa_error_message(e),
                      wa_error_type_of(ctx)->name, wa_error_message(ctx));
        else
            TRACE_NOW("%s: %s(%s)", f->label, wa_error_type_of(e)->name, wa_error_message(e));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, attempt, attempt_frame, .label = "nothing", .gen = nothing);
    WA_AWAIT_CALL(co, attempt, attempt_frame, .label = "twice", .gen = twice);
    WA_AWAIT_CALL(co, attempt, attempt_frame, .label = "stubborn", .gen = stubborn, .fail = true);
    WA_AWAIT_CALL(co, attempt, attempt_frame, .label = "broken", .gen = broken);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
