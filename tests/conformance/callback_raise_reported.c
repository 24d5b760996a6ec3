/* A callback that raises does not stop the loop: asyncio reports it to the
 * exception handler with the keys message ("Exception in callback ..."),
 * exception and handle (the very handle call_soon / call_later returned),
 * and runs the next callbacks as usual. */
#include <string.h>

#include "trace.h"

static wa_handle *handles[4];
static const char *const labels[4] = {"h1", "h2", "t3", "t4"};

static void fail(wa_loop *loop, void *arg) {
    int n = (int)(intptr_t)arg;
    TRACE_NOW("fail(%d): raising", n);
    wa_callback_raise(loop, wa_error_new(WA_VALUE_ERROR, "bad %d", n));
}

static void ok(wa_loop *loop, void *arg) {
    (void)loop;
    TRACE_NOW("ok(%d): runs", (int)(intptr_t)arg);
}

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop;
    (void)arg;
    const char *label = "?";
    for (int i = 0; i < 4; i++)
        if (ctx->handle == handles[i]) label = labels[i];
    TRACE_NOW("handler: keys=%s%s%s message starts %s %s: %s handle=%s", ctx->exception ? "exception," : "",
              ctx->handle ? "handle," : "", "message", yes(!strncmp(ctx->message, "Exception in callback ", 22)),
              wa_error_type_of(ctx->exception)->name, wa_error_message(ctx->exception), label);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    wa_loop *loop = wa_get_running_loop();
    void *arg;
    WA_BEGIN(co);
    TRACE_NOW("main: default handler=%s", yes(wa_loop_get_exception_handler(loop, NULL) == NULL));
    wa_loop_set_exception_handler(loop, handler, NULL);
    TRACE_NOW("main: custom handler=%s", yes(wa_loop_get_exception_handler(loop, &arg) == handler && !arg));
    wa_call_soon(loop, fail, (void *)1, &handles[0]);
    wa_call_soon(loop, ok, (void *)2, &handles[1]);
    wa_call_later(loop, 1, fail, (void *)3, &handles[2]);
    wa_call_later(loop, 1, ok, (void *)4, &handles[3]);
    WA_AWAIT(co, wa_sleep(co, 2));
    wa_loop_set_exception_handler(loop, NULL, NULL);
    TRACE_NOW("main: default again=%s", yes(wa_loop_get_exception_handler(loop, NULL) == NULL));
    for (int i = 0; i < 4; i++) wa_handle_unref(handles[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
