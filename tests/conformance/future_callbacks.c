/* set_result schedules the done callbacks with call_soon, in the order they
 * were added (a callback added twice runs twice), so they run in the next
 * iteration after what was already queued; remove_done_callback reports how
 * many registrations it removed; a callback added to a done future is
 * scheduled at once. */
#include <inttypes.h>

#include "trace.h"

static wa_future *fut;

static int64_t result_of(wa_future *f) {
    wa_value v;
    return wa_future_result(f, &v) == 0 && v.kind == WA_KIND_INT ? v.as.i : -1;
}

static void show(wa_future *f, void *name) {
    TRACE(wa_future_loop(f), "%s sees %" PRId64, (const char *)name, result_of(f));
}

static void unwanted(wa_future *f, void *arg) {
    (void)arg;
    TRACE(wa_future_loop(f), "unwanted (removed, never runs)");
}

static void say(wa_loop *loop, void *word) { TRACE(loop, "%s", (const char *)word); }

static void stop(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

static void setter(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "setter: set_result(7)");
    wa_future_set_result(fut, wa_int(7));
    wa_call_soon(loop, say, "queued after set_result", NULL);
    wa_future_add_done_callback(fut, show, "late");
    wa_call_soon(loop, stop, NULL, NULL);
}

int main(void) {
    CONF_INIT();
    wa_loop *loop = conf_loop_new();
    if (!loop || !(fut = wa_future_new(loop))) return 1;
    wa_future_add_done_callback(fut, show, "first");
    wa_future_add_done_callback(fut, unwanted, NULL);
    wa_future_add_done_callback(fut, show, "second");
    wa_future_add_done_callback(fut, unwanted, NULL);
    wa_future_add_done_callback(fut, show, "first");
    TRACE(loop, "removed %d", wa_future_remove_done_callback(fut, unwanted, NULL));
    TRACE(loop, "removed again %d", wa_future_remove_done_callback(fut, unwanted, NULL));
    wa_call_soon(loop, say, "queued before set_result", NULL);
    wa_call_soon(loop, setter, NULL, NULL);
    if (conf_failed(wa_loop_run_forever(loop), "wa_loop_run_forever")) return 1;
    TRACE(loop, "done=%s result=%" PRId64, wa_future_done(fut) ? "True" : "False", result_of(fut));
    wa_future_unref(fut);
    return conf_failed(wa_loop_free(loop), "wa_loop_free");
}
