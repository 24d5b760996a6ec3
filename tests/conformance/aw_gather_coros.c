/* gather of coroutines: each becomes a task, made in argument order before
 * the gather waits (so named Task-2, Task-3, Task-4), started in that order
 * in the next iteration; the results come back in argument order. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: runs in %s", f->name, wa_task_name(wa_current_task(wa_get_running_loop())));
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: done", f->name);
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("main: gather(a, b, c)");
    {
        wa_aw kids[] = {WA_CORO(child, child_frame, .name = "a", .delay = 3),
                        WA_CORO(child, child_frame, .name = "b", .delay = 1),
                        WA_CORO(child, child_frame, .name = "c", .delay = 2)};
        WA_AWAIT(co, wa_gather(co, kids, 3, false));
    }
    TRACE_NOW("main: gather -> %s", fmt(&co->value));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
