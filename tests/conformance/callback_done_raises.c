/* A future's done callback that raises is reported like any callback (its
 * handle is the done callback's), the callbacks after it still run, and the
 * task awaiting the future gets the result undisturbed. */
#include <inttypes.h>

#include "trace.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop;
    (void)arg;
    TRACE_NOW("handler: %s: %s, handle=%s", wa_error_type_of(ctx->exception)->name, wa_error_message(ctx->exception),
              yes(ctx->handle != NULL));
}

static const wa_error_type key_error = {"KeyError", WA_EXCEPTION};

static void first(wa_future *fut, void *arg) {
    (void)arg;
    wa_value v;
    wa_future_result(fut, &v);
    TRACE_NOW("first: sees %" PRId64 ", raising", v.as.i);
    wa_callback_raise(wa_future_loop(fut), wa_error_new(&key_error, "'first'"));
}

static void second(wa_future *fut, void *arg) {
    (void)arg;
    wa_value v;
    wa_future_result(fut, &v);
    TRACE_NOW("second: sees %" PRId64, v.as.i);
}

static void set_seven(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future_set_result(arg, wa_int(7));
}

typedef struct {
    wa_coro co;
    wa_future *fut;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, handler, NULL);
    f->fut = wa_future_new(loop);
    wa_future_add_done_callback(f->fut, first, NULL);
    wa_future_add_done_callback(f->fut, second, NULL);
    wa_call_later(loop, 1, set_seven, f->fut, NULL);
    WA_AWAIT(co, f->fut);
    TRACE_NOW("main: await -> %" PRId64, co->value.as.i);
    WA_YIELD(co);
    TRACE_NOW("main: after one more iteration");
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
