/* gather wraps each coroutine in a task with its own copy of the caller's
 * context: the children's sets, interleaved across sleeps, never see each
 * other's, and the caller keeps its value. */
#include "ctxvar.h"

static wa_contextvar *worker;

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} job_frame;

static wa_status job_step(wa_coro *co) {
    job_frame *f = (job_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s starts: worker=%s", f->name, show(worker));
    set_var(worker, wa_str(f->name));
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s wakes: worker=%s", f->name, show(worker));
    WA_AWAIT(co, wa_sleep(co, 0));
    {
        char text[64];
        snprintf(text, sizeof text, "%s=%s", f->name, show(worker));
        WA_RETURN(co, wa_str(text));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *futs[3];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    set_var(worker, wa_str("main"));
    f->futs[0] = wa_task_future(WA_SPAWN(loop, job_step, job_frame, .name = "a", .delay = 0.3));
    f->futs[1] = wa_task_future(WA_SPAWN(loop, job_step, job_frame, .name = "b", .delay = 0.1));
    f->futs[2] = wa_task_future(WA_SPAWN(loop, job_step, job_frame, .name = "c", .delay = 0.2));
    WA_AWAIT(co, wa_gather(co, f->futs, 3, false));
    {
        char line[256] = "";
        const wa_value *r = co->value.as.list.items;
        snprintf(line, sizeof line, "['%s', ", r[0].as.buf.data);
        snprintf(line + strlen(line), sizeof line - strlen(line), "'%s', '%s']", r[1].as.buf.data, r[2].as.buf.data);
        TRACE_NOW("gathered %s", line);
    }
    for (int i = 0; i < 3; i++) wa_future_unref(f->futs[i]);
    TRACE_NOW("main: worker=%s", show(worker));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    worker = wa_contextvar_new("worker", wa_str("none"), true);
    int rc = CONF_RUN(main_step, main_frame);
    wa_contextvar_unref(worker);
    return rc;
}
