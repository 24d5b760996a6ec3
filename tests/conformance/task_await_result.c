/* Two tasks await a third; when it returns, their wake-ups run in the order
 * they started waiting.  Awaiting a task that is already done gives its
 * result at once, without yielding to the loop. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    int64_t x;
} compute_frame;

static wa_status compute(wa_coro *co) {
    compute_frame *f = (compute_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("compute(%" PRId64 "): working", f->x);
    WA_AWAIT(co, wa_sleep(co, 0.2));
    TRACE_NOW("compute(%" PRId64 "): returns %" PRId64, f->x, f->x * f->x);
    WA_RETURN(co, wa_int(f->x * f->x));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
} watcher_frame;

static wa_status watcher(wa_coro *co) {
    watcher_frame *f = (watcher_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("watcher: waiting for compute");
    WA_AWAIT(co, f->task);
    TRACE_NOW("watcher: got %" PRId64, co->value.as.i);
    WA_RETURN(co, wa_int(co->value.as.i + 1));
    WA_END(co);
}

static void say(wa_loop *loop, void *word) { TRACE(loop, "%s", (const char *)word); }

typedef struct {
    wa_coro co;
    wa_task *task, *w;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->task = WA_SPAWN(loop, compute, compute_frame, .x = 6);
    f->w = WA_SPAWN(loop, watcher, watcher_frame, .task = f->task);
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: got %" PRId64, co->value.as.i);
    wa_call_soon(loop, say, "callback queued by main", NULL);
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: awaited the done task again: %" PRId64 ", no yield", co->value.as.i);
    WA_AWAIT(co, f->w);
    TRACE_NOW("main: watcher returned %" PRId64, co->value.as.i);
    wa_task_unref(f->task);
    wa_task_unref(f->w);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
