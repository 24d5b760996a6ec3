/* call_soon runs callbacks first-in first-out, all in one iteration; a stop
 * queued last ends run_forever once they have run. */
#include "trace.h"

static void say(wa_loop *loop, void *word) { TRACE(loop, "callback %s", (const char *)word); }

static void stop(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

int main(void) {
    static const char *const words[] = {"one", "two", "three", "four"};
    CONF_INIT();
    wa_loop *loop = conf_loop_new();
    if (!loop) return 1;
    for (int i = 0; i < 4; i++)
        if (conf_failed(wa_call_soon(loop, say, (void *)words[i], NULL), "wa_call_soon")) return 1;
    if (conf_failed(wa_call_soon(loop, stop, NULL, NULL), "wa_call_soon")) return 1;
    TRACE(loop, "run_forever");
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run_forever returned");
    return conf_failed(wa_loop_free(loop), "wa_loop_free");
}
