/* Timeout.reschedule out of its active state and TaskGroup.create_task on a
 * finished group raise RuntimeError, not InvalidStateError: the type a C
 * caller reads with wa_last_error_type. */
#include "trace.h"

static void show(const char *what, int rc) {
    if (rc == 0) TRACE_NOW("%s: no error", what);
    else TRACE_NOW("%s: %s: %s", what, wa_last_error_type()->name, last_error_words());
}

typedef struct {
    wa_coro co;
    wa_timeout *tm;
    wa_error *err;
} inner_frame;

static wa_status inner(wa_coro *co) {
    inner_frame *f = (inner_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_aenter(co, f->tm)) {
        WA_AWAIT_TRY(co, wa_sleep(co, 1), f->err);
        if (wa_error_is(f->err, WA_CANCELLED_ERROR))
            show("reschedule while expiring", wa_timeout_reschedule(f->tm, 5));
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status noop(wa_coro *co) {
    WA_BEGIN(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm;
    wa_taskgroup tg;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    wa_timeout_init_at(&f->tm, wa_loop_time(wa_get_running_loop()) + 0.5);
    show("reschedule before entering", wa_timeout_reschedule(&f->tm, 5));
    WA_AWAIT_CALL_TRY(co, f->err, inner, inner_frame, .tm = &f->tm);
    if (wa_error_is(f->err, WA_TIMEOUT_ERROR)) TRACE_NOW("main: TimeoutError");
    show("reschedule after exit", wa_timeout_reschedule(&f->tm, 5));
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
    }
    WA_WITH_END(co);
    show("create_task after exit", WA_GROUP_SPAWN(&f->tg, noop, inner_frame) ? 0 : -1);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
