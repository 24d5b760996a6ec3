/* A cancelled handle never runs: a timer cancelled before its deadline, a
 * call_soon handle cancelled while queued, and a timer cancelled by another
 * timer of the same deadline after both were already moved to the ready
 * queue.  Cancelling twice, or after the handle ran, changes nothing. */
#include "trace.h"

static wa_handle *early, *victim, *ran, *soon;

static void say(wa_loop *loop, void *word) { TRACE(loop, "ran %s", (const char *)word); }

static void killer(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "killer 0.2: cancels victim");
    wa_handle_cancel(victim);
}

static void finish(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "victim cancelled: %s", yes(wa_handle_cancelled(victim)));
    TRACE(loop, "early cancelled: %s, soon cancelled: %s", yes(wa_handle_cancelled(early)),
          yes(wa_handle_cancelled(soon)));
    wa_handle_cancel(ran);
    TRACE(loop, "ran cancelled after running: %s", yes(wa_handle_cancelled(ran)));
    wa_loop_stop(loop);
}

int main(void) {
    CONF_INIT();
    wa_loop *loop = conf_loop_new();
    if (!loop) return 1;
    wa_call_later(loop, 0.4, say, "early (cancelled)", &early);
    wa_call_later(loop, 0.2, killer, NULL, NULL);
    wa_call_later(loop, 0.2, say, "victim (cancelled)", &victim);
    wa_call_later(loop, 0.2, say, "bystander 0.2", &ran);
    wa_call_soon(loop, say, "soon (cancelled)", &soon);
    wa_call_soon(loop, say, "soon kept", NULL);
    wa_call_later(loop, 0.5, finish, NULL, NULL);
    wa_handle_cancel(early);
    wa_handle_cancel(early);
    wa_handle_cancel(soon);
    TRACE(loop, "before run: early cancelled: %s", yes(wa_handle_cancelled(early)));
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "run_forever returned");
    wa_handle_unref(early);
    wa_handle_unref(victim);
    wa_handle_unref(ran);
    wa_handle_unref(soon);
    return conf_failed(wa_loop_free(loop), "wa_loop_free");
}
