/* In debug mode the "exception was never retrieved" report of a task and of
 * a future says where each was created (context["source_traceback"]; a C
 * report's wa_context.site).  The handler prints the function that created
 * the object, the same in both. */
#include "trace.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)arg;
    char what[64];
    if (ctx->task)
        snprintf(what, sizeof what, "task %s", wa_task_name(ctx->task));
    else
        snprintf(what, sizeof what, "future");
    TRACE(loop, "handler: %s: %s: %s (%s, created in %s)", ctx->message, wa_error_type_of(ctx->exception)->name,
          wa_error_message(ctx->exception), what, ctx->site ? ctx->site->func : "unknown");
}

typedef struct {
    wa_coro co;
    const char *msg;
} fail_frame;

static wa_status fail(wa_coro *co) {
    fail_frame *f = (fail_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s", f->msg));
    WA_END(co);
}

static wa_future *make_future(wa_loop *loop) {
    wa_future *fut = wa_future_new(loop);
    wa_future_set_exception(fut, wa_error_new(WA_VALUE_ERROR, "future lost"));
    return fut;
}

typedef struct {
    wa_coro co;
    wa_task *task, *read;
    wa_future *fut;
} main_frame;

static wa_status amain(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *e;
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, handler, NULL);
    TRACE_NOW("main: debug is %s", yes(wa_loop_get_debug(loop)));
    f->task = WA_SPAWN_NAMED(loop, "lost", fail, fail_frame, .msg = "task lost");
    f->read = WA_SPAWN_NAMED(loop, "read", fail, fail_frame, .msg = "was read");
    f->fut = make_future(loop);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_future_exception(wa_task_future(f->read), &e);
    TRACE_NOW("main: read.exception() -> %s", wa_error_message(e));
    TRACE_NOW("main: dropping the future");
    wa_future_unref(f->fut);
    TRACE_NOW("main: dropping the tasks");
    wa_task_unref(f->task);
    wa_task_unref(f->read);
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_DEBUG(amain, main_frame);
}
