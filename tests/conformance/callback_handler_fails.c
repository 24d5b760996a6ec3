/* An exception handler that raises: asyncio reports "Unhandled error in
 * exception handler" through the default handler (on stderr) and goes on;
 * the next failing callback reaches the custom handler again. */
#include "trace.h"

static void fail(wa_loop *loop, void *arg) {
    int n = (int)(intptr_t)arg;
    TRACE_NOW("fail(%d): raising", n);
    wa_callback_raise(loop, wa_error_new(WA_VALUE_ERROR, "bad %d", n));
}

static void next(wa_loop *loop, void *arg) {
    (void)loop;
    TRACE_NOW("%s", (const char *)arg);
}

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    int *calls = arg;
    ++*calls;
    TRACE_NOW("handler: call %d for %s, raising", *calls, wa_error_message(ctx->exception));
    wa_callback_raise(loop, wa_error_new(WA_RUNTIME_ERROR, "handler broke"));
}

typedef struct {
    wa_coro co;
    int calls;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, handler, &f->calls);
    wa_call_soon(loop, fail, (void *)1, NULL);
    wa_call_soon(loop, next, "next callback runs", NULL);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_call_soon(loop, fail, (void *)2, NULL);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: handler called %d times", f->calls);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
