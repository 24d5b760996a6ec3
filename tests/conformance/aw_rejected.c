/* What the combinators refuse: wait with a coroutine among tasks (3.11+),
 * gather and shield with a NULL (None) item, each a TypeError in asyncio's
 * words; wait given an array of tasks waits for them. */
#include "trace.h"

typedef struct {
    wa_coro co;
    double delay;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t[2];
    wa_error *err;
} main_frame;

static void trace_error(const char *what, const wa_error *e) {
    TRACE_NOW("main: %s raised %s: %s", what, wa_error_type_of(e)->name, wa_error_message(e));
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t[0] = WA_SPAWN(loop, child, child_frame, .delay = 1);
    f->t[1] = WA_SPAWN(loop, child, child_frame, .delay = 2);
    {
        wa_aw items[] = {WA_AW(f->t[0]), WA_CORO(child, child_frame, .delay = 1)};
        WA_AWAIT_TRY(co, wa_wait(co, items, 2, WA_NO_TIMEOUT, WA_ALL_COMPLETED), f->err);
    }
    trace_error("wait([t, coro])", f->err);
    {
        wa_task *items[] = {f->t[0], NULL};
        WA_AWAIT_TRY(co, wa_gather(co, items, 2, false), f->err);
    }
    trace_error("gather(t, None)", f->err);
    WA_AWAIT_TRY(co, wa_shield(co, (wa_task *)NULL), f->err);
    trace_error("shield(None)", f->err);
    WA_AWAIT(co, wa_wait(co, f->t, 2, 1.5, WA_ALL_COMPLETED));
    TRACE_NOW("main: wait(tasks, timeout=1.5) -> %zu done, %zu pending", co->value.as.list.items[0].as.list.len,
              co->value.as.list.items[1].as.list.len);
    WA_AWAIT(co, wa_wait(co, f->t, 2, WA_NO_TIMEOUT, WA_FIRST_COMPLETED));
    TRACE_NOW("main: wait(tasks) -> %zu done, %zu pending", co->value.as.list.items[0].as.list.len,
              co->value.as.list.items[1].as.list.len);
    wa_task_unref(f->t[0]);
    wa_task_unref(f->t[1]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
