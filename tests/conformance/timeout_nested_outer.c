/* Nested timeouts where the OUTER deadline passes first: the cancellation
 * travels through the inner scopes unchanged (they stay not expired and let
 * CancelledError through) and only the outer scope, whose deadline passed,
 * turns it into TimeoutError.  cancelling() is back to 0 afterwards. */
#include "trace.h"

static const char *const names[] = {"outer", "middle", "inner"};
static const double delays[] = {1, 3, 5};

typedef struct {
    wa_coro co;
    int i;
    wa_timeout *tms;
    wa_error *err;
} level_frame;

/* the scope's body; the scope itself is in level() */
static wa_status level_body(wa_coro *co);

static wa_status level_scope(wa_coro *co) {
    level_frame *f = (level_frame *)co;
    wa_timeout *tm = &f->tms[f->i];
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, tm, delays[f->i])) {
        TRACE_NOW("%s: entered, when=%.3f", names[f->i], wa_timeout_when(tm));
        WA_AWAIT_CALL(co, level_body, level_frame, .i = f->i, .tms = f->tms);
    }
    WA_WITH_END(co);
    WA_END(co);
}

/* try: async with tms[i]: ...  except BaseException: trace; raise */
static wa_status level(wa_coro *co) {
    level_frame *f = (level_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, level_scope, level_frame, .i = f->i, .tms = f->tms);
    if (f->err) {
        TRACE_NOW("%s: %s leaves the scope, expired=%s", names[f->i], wa_error_type_of(f->err)->name,
                  yes(wa_timeout_expired(&f->tms[f->i])));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_END(co);
}

static wa_status level_body(wa_coro *co) {
    level_frame *f = (level_frame *)co;
    WA_BEGIN(co);
    if (f->i == 2) {
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("inner: not reached");
    } else {
        WA_AWAIT_CALL(co, level, level_frame, .i = f->i + 1, .tms = f->tms);
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tms[3];
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, level, level_frame, .i = 0, .tms = f->tms);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("main: caught %s, cause %s", wa_error_type_of(f->err)->name,
                  wa_error_type_of(wa_error_cause(f->err))->name);
    TRACE_NOW("main: expired outer=%s middle=%s inner=%s, cancelling=%d", yes(wa_timeout_expired(&f->tms[0])),
              yes(wa_timeout_expired(&f->tms[1])), yes(wa_timeout_expired(&f->tms[2])),
              wa_task_cancelling(wa_current_task(wa_get_running_loop())));
    WA_AWAIT(co, wa_sleep(co, 10));
    TRACE_NOW("main: the inner deadlines never fire");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
