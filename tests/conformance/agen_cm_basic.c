/* @asynccontextmanager: the generator runs to its yield on entry (the value
 * yielded is what `as` binds), and after the body on exit, with awaits on
 * both sides.  An error in the body is thrown in at the yield: through a
 * try/finally it comes out of the `async with` as the very same object,
 * after the cleanup.  A return inside the body runs the cleanup too and
 * keeps its value. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    char conn[32];
    wa_try t;
} connection_frame;

static wa_status connection(wa_coro *co) {
    connection_frame *f = (connection_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("cm: connecting %s", f->name);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_TRY(co, &f->t) {
        snprintf(f->conn, sizeof f->conn, "conn-%s", f->name);
        WA_YIELD_VALUE(co, wa_str(f->conn));
        TRACE_NOW("cm: %s body ended normally", f->name);
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("cm: closing %s", f->name);
        WA_AWAIT(co, wa_sleep(co, 0.25));
        TRACE_NOW("cm: %s closed", f->name);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *key;
    wa_agen_cm cm;
    char result[32];
} lookup_frame;

static wa_status lookup(wa_coro *co) {
    lookup_frame *f = (lookup_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, WA_AGEN_CM(co, &f->cm, connection, connection_frame, .name = "db")) {
        TRACE_NOW("lookup: using %s", co->value.as.buf.data);
        WA_AWAIT(co, wa_sleep(co, 1));
        snprintf(f->result, sizeof f->result, "%s=42", f->key);
        WA_RETURN(co, wa_str(f->result));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen_cm cm;
    wa_try t;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, WA_AGEN_CM(co, &f->cm, connection, connection_frame, .name = "a")) {
        TRACE_NOW("main: got %s", co->value.as.buf.data);
        WA_AWAIT(co, wa_sleep(co, 1));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: after the first block");

    f->err = wa_error_new(WA_VALUE_ERROR, "bad row");
    WA_TRY(co, &f->t) {
        WA_WITH(co, WA_AGEN_CM(co, &f->cm, connection, connection_frame, .name = "b")) {
            TRACE_NOW("main: got %s, raising", co->value.as.buf.data);
            WA_RAISE(co, wa_error_ref(f->err));
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("main: caught %s(%s) same=%s", wa_error_type_of(f->t.caught)->name,
                  wa_error_message(f->t.caught), yes(f->t.caught == f->err));
    }
    WA_TRY_END(co, &f->t);
    wa_error_unref(f->err);

    WA_AWAIT_CALL(co, lookup, lookup_frame, .key = "k");
    TRACE_NOW("main: lookup gave %s", co->value.as.buf.data);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
