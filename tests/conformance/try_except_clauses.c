/* Several except clauses: the first whose type matches wins, subclasses
 * included (TimeoutError is an OSError), an error from an awaited
 * coroutine included; else runs without an error, finally always. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *kind;
} work_frame;

static wa_status work(wa_coro *co) {
    work_frame *f = (work_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    if (!strcmp(f->kind, "timeout")) WA_RAISE(co, wa_error_new(WA_TIMEOUT_ERROR, "slow"));
    if (!strcmp(f->kind, "value")) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad"));
    if (!strcmp(f->kind, "runtime")) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "broken"));
    WA_RETURN(co, wa_str(f->kind));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *kind;
    wa_try t;
} attempt_frame;

static wa_status attempt(wa_coro *co) {
    attempt_frame *f = (attempt_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT_CALL(co, work, work_frame, .kind = f->kind);
        TRACE_NOW("%s: body got %s", f->kind, co->value.as.buf.data);
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("%s: except ValueError: %s", f->kind, wa_error_message(f->t.caught));
    }
    WA_EXCEPT(co, &f->t, WA_OS_ERROR) {
        TRACE_NOW("%s: except OSError: %s: %s", f->kind, wa_error_type_of(f->t.caught)->name,
                  wa_error_message(f->t.caught));
    }
    WA_EXCEPT(co, &f->t, WA_EXCEPTION) {
        TRACE_NOW("%s: except Exception: %s: %s", f->kind, wa_error_type_of(f->t.caught)->name,
                  wa_error_message(f->t.caught));
    }
    WA_ELSE(co, &f->t) {
        TRACE_NOW("%s: else", f->kind);
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("%s: finally", f->kind);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    static const char *const kinds[] = {"ok", "timeout", "value", "runtime"};
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 4; f->i++)
        WA_AWAIT_CALL(co, attempt, attempt_frame, .kind = kinds[f->i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
