/* A plain future that failed is reported ("Future exception was never
 * retrieved", with the error and the future) when it is freed, unless its
 * error was retrieved by exception() in a done callback, by an awaiter, or
 * cancel() was called on it (which returns False but marks it retrieved). */
#include "trace.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)arg;
    TRACE(loop, "handler: %s: %s: %s (future given: %s)", ctx->message,
          ctx->exception ? wa_error_type_of(ctx->exception)->name : "NoneType",
          ctx->exception ? wa_error_message(ctx->exception) : "None", yes(ctx->future != NULL));
}

static void reader(wa_future *fut, void *arg) {
    wa_error *e;
    (void)arg;
    wa_future_exception(fut, &e);
    TRACE(wa_future_loop(fut), "reader: exception() -> %s", e ? wa_error_message(e) : "None");
}

typedef struct {
    wa_coro co;
    wa_future *fut;
    wa_error *err;
} frame;

static wa_status awaiter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->fut, f->err);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("awaiter: caught ValueError: %s", wa_error_message(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *lost, *called_back, *awaited, *poked;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    bool r;
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, handler, NULL);
    f->lost = wa_future_new(loop);
    f->called_back = wa_future_new(loop);
    f->awaited = wa_future_new(loop);
    f->poked = wa_future_new(loop);
    wa_future_add_done_callback(f->called_back, reader, NULL);
    f->task = WA_SPAWN(loop, awaiter, frame, .fut = f->awaited);
    WA_YIELD(co);
    wa_future_set_exception(f->lost, wa_error_new(WA_VALUE_ERROR, "lost"));
    wa_future_set_exception(f->called_back, wa_error_new(WA_VALUE_ERROR, "read by a callback"));
    wa_future_set_exception(f->awaited, wa_error_new(WA_VALUE_ERROR, "read by an awaiter"));
    wa_future_set_exception(f->poked, wa_error_new(WA_VALUE_ERROR, "cancel() was called"));
    r = wa_future_cancel(f->poked, NULL);
    TRACE_NOW("main: poked.cancel() -> %s", yes(r));
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: dropping called_back");
    wa_future_unref(f->called_back);
    TRACE_NOW("main: dropping awaited");
    wa_future_unref(f->awaited);
    wa_task_unref(f->task);
    TRACE_NOW("main: dropping poked");
    wa_future_unref(f->poked);
    TRACE_NOW("main: dropping lost");
    wa_future_unref(f->lost);
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
