/* asyncio.Runner after close(): closing again does nothing, while run()
 * and get_loop() raise RuntimeError "Runner is closed".  Before that, two
 * runs share one loop, whose clock goes on. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
} nap_frame;

static wa_status nap(wa_coro *co) {
    nap_frame *f = (nap_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    NOTE("%s: woke at %.3f", f->name, wa_loop_time(wa_get_running_loop()));
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    wa_runner *r = wa_runner_new(&(wa_run_options){.clock = WA_CLOCK_VIRTUAL});
    wa_value v;
    if (WA_RUNNER_RUN(r, &v, NULL, nap, nap_frame, .name = "one")) return 1;
    NOTE("run -> %s", v.as.buf.data);
    wa_value_clear(&v);
    if (WA_RUNNER_RUN(r, &v, NULL, nap, nap_frame, .name = "two")) return 1;
    NOTE("run -> %s", v.as.buf.data);
    wa_value_clear(&v);
    wa_runner_close(r);
    NOTE("closed");
    if (wa_runner_close(r) == 0) NOTE("closed again, no error");
    if (WA_RUNNER_RUN(r, &v, NULL, nap, nap_frame, .name = "three") == WA_ECLOSED)
        NOTE("run: RuntimeError: %s", last_error_words());
    if (!wa_runner_loop(r)) NOTE("get_loop: RuntimeError: %s", last_error_words());
    wa_runner_free(r);
    return 0;
}
