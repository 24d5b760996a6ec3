/* asyncio.wait on an empty list raises ValueError at once, before any loop
 * iteration (a task created just before has not run yet), whatever the
 * return_when and even with a timeout; the message is asyncio's. */
#include "trace.h"

typedef struct {
    wa_coro co;
} plain_frame;

static wa_status bystander(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("bystander: first step");
    WA_END(co);
}

static const struct {
    double timeout;
    const char *timeout_text;
    wa_return_when when;
    const char *when_text;
} cases[] = {
    {WA_NO_TIMEOUT, "None", WA_ALL_COMPLETED, "ALL_COMPLETED"},
    {1, "1", WA_FIRST_COMPLETED, "FIRST_COMPLETED"},
};

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_future *none[1];
    wa_error *err;
    size_t i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), bystander, plain_frame);
    for (f->i = 0; f->i < sizeof cases / sizeof cases[0]; f->i++) {
        WA_AWAIT_TRY(co, wa_wait(co, f->none, 0, cases[f->i].timeout, cases[f->i].when), f->err);
        if (!f->err) TRACE_NOW("main: not reached");
        if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: wait([], timeout=%s, %s) raised %s: %s", cases[f->i].timeout_text, cases[f->i].when_text,
                      wa_error_type_of(f->err)->name, wa_error_message(f->err));
    }
    WA_AWAIT(co, f->t);
    TRACE_NOW("main: done");
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
