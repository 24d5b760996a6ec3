/* A gather given the same pending child twice fails at once with another
 * child; the duplicate child fails later, and the gather still retrieves its
 * error (no "exception was never retrieved"), once for both places. */
#include "trace.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)arg;
    if (ctx->exception)
        TRACE(loop, "handler: %s: %s(%s)", ctx->message, wa_error_type_of(ctx->exception)->name,
              wa_error_message(ctx->exception));
    else
        TRACE(loop, "handler: %s: None", ctx->message);
}

typedef struct {
    wa_coro co;
    wa_future *fails, *later;
    wa_error *err;
} main_frame;

static void fail(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future_set_exception(arg, wa_error_new(WA_VALUE_ERROR, "boom"));
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    wa_loop_set_exception_handler(wa_get_running_loop(), handler, NULL);
    f->fails = wa_future_new(wa_get_running_loop());
    f->later = wa_future_new(wa_get_running_loop());
    wa_call_later(wa_get_running_loop(), 1, fail, f->fails, NULL);
    WA_AWAIT_TRY(co, wa_gather(co, ((wa_future *[]){f->fails, f->later, f->later}), 3, false), f->err);
    if (f->err) TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_set_exception(f->later, wa_error_new(WA_VALUE_ERROR, "late"));
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("main: later done: %s", yes(wa_future_done(f->later)));
    wa_future_unref(f->later);
    WA_YIELD(co);
    TRACE_NOW("main: done");
    wa_future_unref(f->fails);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
