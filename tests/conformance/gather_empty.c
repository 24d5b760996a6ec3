/* gather() of nothing is a future already done with an empty list: awaiting
 * it goes on at once, without a loop iteration, so the main coroutine runs
 * ahead of a task created earlier and of a call_soon callback queued earlier. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

typedef struct {
    wa_coro co;
} sibling_frame;

static wa_status sibling(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("sibling: first step");
    WA_END(co);
}

static void callback(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "call_soon callback");
}

typedef struct {
    wa_coro co;
    wa_task *s;
    wa_future *g;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    WA_BEGIN(co);
    f->s = WA_SPAWN(loop, sibling, sibling_frame);
    wa_call_soon(loop, callback, NULL, NULL);
    f->g = wa_future_ref(wa_gather(co, NULL, 0, false));
    wa_future_result(f->g, &v);
    TRACE_NOW("main: gather() done=%s result=%s", yes(wa_future_done(f->g)), fmt(&v));
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: await gather() -> %s", fmt(&co->value));
    wa_future_unref(f->g);
    WA_AWAIT(co, wa_gather(co, NULL, 0, true));
    TRACE_NOW("main: await gather(return_exceptions=True) -> %s", fmt(&co->value));
    TRACE_NOW("main: yielding with sleep(0)");
    WA_YIELD(co);
    TRACE_NOW("main: resumed");
    WA_AWAIT(co, f->s);
    wa_task_unref(f->s);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
