/* An exception raised inside a handler carries the handled one as its
 * __context__ (implicit chaining): raised directly, raised in a coroutine
 * awaited from the handler, or raised by awaiting a failed task there. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *msg;
} fail_frame;

static wa_status fail(wa_coro *co) {
    fail_frame *f = (fail_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%s", f->msg));
    WA_END(co);
}

static wa_task *spawned;     /* released by main */

typedef struct {
    wa_coro co;
    int n;
    wa_try t;
} step_frame;

static wa_status step(wa_coro *co) {
    step_frame *f = (step_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "first %d", f->n));
    }
    WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
        if (f->n == 0) WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "direct"));
        if (f->n == 1) WA_AWAIT_CALL(co, fail, fail_frame, .msg = "from a coroutine");
        spawned = WA_SPAWN(wa_get_running_loop(), fail, fail_frame, .msg = "from a task");
        WA_AWAIT(co, spawned);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

/* "Type(message) <- ..." along __cause__, else the unsuppressed __context__ */
static const char *describe(const wa_error *e) {
    static char buf[512];
    buf[0] = '\0';
    for (; e; e = wa_error_cause(e) ? wa_error_cause(e) : wa_error_suppress_context(e) ? NULL : wa_error_context(e)) {
        size_t at = strlen(buf);
        snprintf(buf + at, sizeof buf - at, "%s%s(%s)", at ? " <- " : "", wa_error_type_of(e)->name, wa_error_message(e));
    }
    return buf;
}

typedef struct {
    wa_coro co;
    int n;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->n = 0; f->n < 3; f->n++) {
        WA_TRY(co, &f->t) {
            WA_AWAIT_CALL(co, step, step_frame, .n = f->n);
        }
        WA_EXCEPT(co, &f->t, WA_EXCEPTION) {
            TRACE_NOW("main: %s", describe(f->t.caught));
        }
        WA_TRY_END(co, &f->t);
    }
    wa_task_unref(spawned);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
