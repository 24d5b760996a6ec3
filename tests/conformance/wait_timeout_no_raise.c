/* wait never raises TimeoutError: with every return_when, a timeout that
 * passes (also 0 or negative) just returns with nothing done.  Nor does it
 * raise the error of a task that fails: that stays in the task. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
} late_frame;

static wa_status late(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1.0));
    TRACE_NOW("late: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "late"));
    WA_END(co);
}

static const struct {
    double timeout;
    const char *timeout_text;
    wa_return_when when;
    const char *when_text;
} cases[] = {
    {0.2, "0.2", WA_ALL_COMPLETED, "ALL_COMPLETED"},
    {0.2, "0.2", WA_FIRST_COMPLETED, "FIRST_COMPLETED"},
    {0, "0", WA_FIRST_EXCEPTION, "FIRST_EXCEPTION"},
    {-1, "-1", WA_ALL_COMPLETED, "ALL_COMPLETED"},
    {5, "5", WA_FIRST_EXCEPTION, "FIRST_EXCEPTION"},
};

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_future *fut;
    size_t i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_error *e;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), late, late_frame);
    f->fut = wa_task_future(f->t);
    for (f->i = 0; f->i < sizeof cases / sizeof cases[0]; f->i++) {
        TRACE_NOW("main: wait(timeout=%s, %s)", cases[f->i].timeout_text, cases[f->i].when_text);
        WA_AWAIT(co, wa_wait(co, &f->fut, 1, cases[f->i].timeout, cases[f->i].when));
        TRACE_NOW("main: returned %" PRId64 " done, %" PRId64 " pending, cancelled=%s", (int64_t)co->value.as.list.items[0].as.list.len,
                  (int64_t)co->value.as.list.items[1].as.list.len, yes(wa_future_cancelled(f->fut)));
    }
    wa_future_exception(f->fut, &e);
    TRACE_NOW("main: t.exception() is %s: %s", wa_error_type_of(e)->name, wa_error_message(e));
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
