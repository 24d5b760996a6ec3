/* Errors raised inside except* handlers join what no clause handled in a
 * new ExceptionGroup("", [...]), as Python builds it; a bare raise keeps
 * the matched part, merged back with the rest under the original message
 * and in the original order. */
#include "trace.h"

static size_t show_at(const wa_error *e, char *buf, size_t size, size_t at) {
    if (!wa_error_is_group(e))
        return at + snprintf(buf + at, size - at, "%s(%s)", wa_error_type_of(e)->name, wa_error_message(e));
    at += snprintf(buf + at, size - at, "%s(%s: ", wa_error_type_of(e)->name, wa_error_message(e));
    for (size_t i = 0; i < wa_error_group_size(e) && at < size; i++) {
        if (i) at += snprintf(buf + at, size - at, ", ");
        at = show_at(wa_error_group_child(e, i), buf, size, at);
    }
    return at < size ? at + snprintf(buf + at, size - at, ")") : at;
}

/* Type(message) for an error, Type(message: children...) for a group. */
static const char *show(const wa_error *e) {
    static char buf[512];
    show_at(e, buf, sizeof buf, 0);
    return buf;
}

typedef struct {
    wa_coro co;
    bool raise;
    wa_try t;
} frame;

static wa_status batch(wa_coro *co) {
    frame *f = (frame *)co;
    const char *mode = f->raise ? "raise" : "reraise";
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        wa_error *errs[3] = {wa_error_new(WA_VALUE_ERROR, "a"), wa_error_new(WA_TYPE_ERROR, "b"),
                             wa_error_new(WA_RUNTIME_ERROR, "c")};
        WA_RAISE(co, wa_error_group_new("batch", errs, 3));
    }
    WA_EXCEPT_STAR(co, &f->t, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("%s: except* ValueError", mode);
        if (f->raise) WA_RAISE(co, wa_error_new(WA_TIMEOUT_ERROR, "new"));
        WA_RERAISE(co, &f->t);
    }
    WA_EXCEPT_STAR(co, &f->t, WA_TYPE_ERROR) {
        TRACE_NOW("%s: except* TypeError: %s", mode, show(f->t.caught));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int i;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 2; f->i++) {
        WA_TRY(co, &f->t) {
            WA_AWAIT_CALL(co, batch, frame, .raise = f->i == 0);
        }
        WA_EXCEPT(co, &f->t, WA_BASE_EXCEPTION) {
            TRACE_NOW("%s: main caught %s", f->i == 0 ? "raise" : "reraise", show(f->t.caught));
        }
        WA_TRY_END(co, &f->t);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
