/* When the main coroutine returns, asyncio.run cancels the tasks still
 * pending and runs the loop until they finish: a task created just before
 * main returns still gets its first step, and a leftover task's cleanup may
 * await (the clock moves on to 0.750) before asyncio.run returns. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_error *err, *saved;
} forever_frame;

static wa_status forever(wa_coro *co) {
    forever_frame *f = (forever_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: started", f->name);
    WA_AWAIT_TRY(co, wa_sleep(co, 3600), f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("%s: cancelled at shutdown (%s), cleaning up", f->name, wa_error_type_of(f->err)->name);
    f->saved = wa_error_ref(f->err);
    WA_AWAIT(co, wa_sleep(co, 0.25));
    TRACE_NOW("%s: cleanup done", f->name);
    WA_RAISE(co, f->saved);
    WA_END(co);
}

typedef struct {
    wa_coro co;
} plain_frame;

static wa_status quiet(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("late: started");
    WA_AWAIT(co, wa_sleep(co, 3600));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *leftover;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_task *late;
    WA_BEGIN(co);
    f->leftover = WA_SPAWN(wa_get_running_loop(), forever, forever_frame, .name = "leftover");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    late = WA_SPAWN(wa_get_running_loop(), quiet, plain_frame);
    TRACE_NOW("main: returning, leftover.done()=%s, late.done()=%s",
              yes(wa_future_done(wa_task_future(f->leftover))), yes(wa_future_done(wa_task_future(late))));
    wa_task_unref(late);
    wa_task_unref(f->leftover);
    WA_RETURN(co, wa_str("main result"));
    WA_END(co);
}

int main(void) {
    wa_value result;
    wa_error *err = NULL;
    CONF_INIT();
    int rc = WA_RUN(&(wa_run_options){.clock = WA_CLOCK_VIRTUAL}, &result, &err, main_step, main_frame);
    if (rc) return conf_run_status(rc, err);
    printf("run returned %s\n", result.as.buf.data);
    wa_value_clear(&result);
    return 0;
}
