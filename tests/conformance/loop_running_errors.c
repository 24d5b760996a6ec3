/* Misusing the running loop, with CPython's words: closing it, running it
 * again, running another loop inside it, and asyncio.run() inside it all
 * raise RuntimeError, and the running loop goes on unharmed. */
#include "trace.h"

static void report(const char *name, int rc) {
    if (rc == 0) TRACE_NOW("main: %s ok", name);
    else TRACE_NOW("main: %s: %s: %s", name, rc == WA_ERUNNING ? "RuntimeError" : wa_err_name(rc), last_error_words());
}

typedef struct {
    wa_coro co;
} noop_frame;

static wa_status noop(wa_coro *co) {
    WA_BEGIN(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *fut;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    {
        wa_loop *other = conf_loop_new();
        wa_future *other_fut = wa_future_new(other);
        report("close", wa_loop_close(loop));
        report("run_until_complete", wa_loop_run_until_complete(loop, f->fut));
        report("other.run_until_complete", wa_loop_run_until_complete(other, other_fut));
        report("asyncio.run", WA_RUN(NULL, NULL, NULL, noop, noop_frame));
        wa_future_cancel(other_fut, NULL);
        wa_future_unref(other_fut);
        wa_loop_free(other);
    }
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: still running=%s closed=%s", yes(wa_loop_is_running(loop)), yes(wa_loop_is_closed(loop)));
    wa_future_cancel(f->fut, NULL);
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
