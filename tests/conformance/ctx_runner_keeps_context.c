/* asyncio.Runner runs every main coroutine in one context, copied from the
 * caller's when the runner starts: a value set by one run is seen by the
 * next.  asyncio.run starts from a fresh copy each time. */
#include "ctxvar.h"

static wa_contextvar *counter;

typedef struct {
    wa_coro co;
    const char *label;
} bump_frame;

static wa_status bump_step(wa_coro *co) {
    bump_frame *f = (bump_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: counter=%s", f->label, show(counter));
    {
        wa_value v;
        wa_contextvar_get(counter, &v, NULL);
        set_var(counter, wa_int(v.as.i + 1));
    }
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_END(co);
}

typedef struct {
    wa_varcontext *ctx;
    int rc;
} program;

/* The program runs in its own context (the thread's own would outlive it). */
static void body(void *arg) {
    program *p = arg;
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    set_var(counter, wa_int(100));
    wa_runner *r = wa_runner_new(&opts);
    if (!r) {
        p->rc = 1;
        return;
    }
    set_var(counter, wa_int(200));      /* after the runner's copy: not seen by its runs */
    p->rc |= conf_run_status(WA_RUNNER_RUN(r, NULL, NULL, bump_step, bump_frame, .label = "runner run 1"), NULL);
    p->rc |= conf_run_status(WA_RUNNER_RUN(r, NULL, NULL, bump_step, bump_frame, .label = "runner run 2"), NULL);
    p->rc |= conf_run_status(WA_RUNNER_RUN(r, NULL, NULL, bump_step, bump_frame, .label = "runner run 3"), NULL);
    p->rc |= conf_failed(wa_runner_free(r), "wa_runner_free");
    p->rc |= CONF_RUN(bump_step, bump_frame, .label = "asyncio.run 1");
    p->rc |= CONF_RUN(bump_step, bump_frame, .label = "asyncio.run 2");
    printf("caller: counter=%s\n", show(counter));
}

int main(void) {
    CONF_INIT();
    counter = wa_contextvar_new("counter", wa_int(0), true);
    program p = {wa_varcontext_new(), 0};
    if (conf_failed(wa_varcontext_run(p.ctx, body, &p, NULL), "wa_varcontext_run")) return 1;
    wa_varcontext_unref(p.ctx);
    wa_contextvar_unref(counter);
    return p.rc;
}
