/* as_completed over no inputs yields nothing and ends at once, without a
 * loop iteration (a task created just before has not run yet); with a
 * timeout it arms no timer, so no TimeoutError ever comes from it. */
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
    const char *text;
} cases[] = {{WA_NO_TIMEOUT, "None"}, {0.5, "0.5"}};

typedef struct {
    wa_coro co;
    wa_task *t;
    wa_as_completed *ac;
    size_t i;
    int n;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), bystander, plain_frame);
    for (f->i = 0; f->i < sizeof cases / sizeof cases[0]; f->i++) {
        f->n = 0;
        f->ac = wa_as_completed_new(co, NULL, 0, cases[f->i].timeout);
        if (!f->ac) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%s", wa_last_error()));
        while (wa_as_completed_left(f->ac)) {
            WA_AWAIT(co, wa_as_completed_next(co, f->ac));
            f->n++;
        }
        wa_as_completed_free(f->ac);
        TRACE_NOW("main: as_completed([], timeout=%s) yielded %d", cases[f->i].text, f->n);
    }
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: slept past the timeout");
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
