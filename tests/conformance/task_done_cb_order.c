/* A task's done callbacks run in the order they were added, in the iteration
 * after it finishes, each seeing it done with its result, and before the
 * awaiter that registered later; remove_done_callback reports how many
 * registrations it removed.  One added to a finished task is only scheduled. */
#include <inttypes.h>

#include "trace.h"

static void show(wa_future *fut, void *name) {
    wa_value v;
    wa_future_result(fut, &v);
    TRACE(wa_future_loop(fut), "%s: done=%s result=%" PRId64, (const char *)name, yes(wa_future_done(fut)), v.as.i);
}

static void unwanted(wa_future *fut, void *arg) {
    (void)arg;
    TRACE(wa_future_loop(fut), "unwanted: never runs");
}

typedef struct {
    wa_coro co;
} frame;

static wa_status work(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("work: returning 5");
    WA_RETURN(co, wa_int(5));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_future *fut;
    WA_BEGIN(co);
    f->task = WA_SPAWN(wa_get_running_loop(), work, frame);
    fut = wa_task_future(f->task);
    wa_future_add_done_callback(fut, show, "first");
    wa_future_add_done_callback(fut, unwanted, NULL);
    wa_future_add_done_callback(fut, show, "second");
    wa_future_add_done_callback(fut, unwanted, NULL);
    TRACE_NOW("main: remove_done_callback(unwanted) -> %d", wa_future_remove_done_callback(fut, unwanted, NULL));
    TRACE_NOW("main: again -> %d", wa_future_remove_done_callback(fut, unwanted, NULL));
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: await -> %" PRId64, co->value.as.i);
    wa_future_add_done_callback(wa_task_future(f->task), show, "late");
    TRACE_NOW("main: added late callback");
    WA_YIELD(co);
    TRACE_NOW("main: after sleep(0)");
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
