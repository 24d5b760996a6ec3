/* A task that failed is reported to the loop's exception handler ("Task
 * exception was never retrieved", with the error and the task) when it is
 * freed, unless its error was retrieved (exception(), result(), await) or
 * cancel() was called on it.  A cancelled task is never reported. */
#include "trace.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)arg;
    TRACE(loop, "handler: %s: %s: %s (task %s)", ctx->message,
          ctx->exception ? wa_error_type_of(ctx->exception)->name : "NoneType",
          ctx->exception ? wa_error_message(ctx->exception) : "None", ctx->task ? wa_task_name(ctx->task) : "?");
}

typedef struct {
    wa_coro co;
    const char *msg;
} frame;

static wa_status fail(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s", f->msg));
    WA_END(co);
}

static wa_status victim(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 10));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *read, *ignored, *poked, *cancelled;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *e;
    bool r;
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, handler, NULL);
    f->read = WA_SPAWN_NAMED(loop, "read", fail, frame, .msg = "was read");
    f->ignored = WA_SPAWN_NAMED(loop, "ignored", fail, frame, .msg = "nobody looked");
    f->poked = WA_SPAWN_NAMED(loop, "poked", fail, frame, .msg = "cancel() was called");
    f->cancelled = WA_SPAWN_NAMED(loop, "cancelled", victim, frame);
    WA_YIELD(co);
    wa_task_cancel(f->cancelled, NULL);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_future_exception(wa_task_future(f->read), &e);
    TRACE_NOW("main: read.exception() -> %s", e ? wa_error_message(e) : "None");
    r = wa_task_cancel(f->poked, NULL);
    TRACE_NOW("main: poked.cancel() -> %s", yes(r));
    TRACE_NOW("main: dropping read");
    wa_task_unref(f->read);
    TRACE_NOW("main: dropping ignored");
    wa_task_unref(f->ignored);
    TRACE_NOW("main: dropping poked");
    wa_task_unref(f->poked);
    TRACE_NOW("main: dropping cancelled");
    wa_task_unref(f->cancelled);
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
