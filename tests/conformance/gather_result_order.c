/* gather's result lists the children's results in argument order, not in the
 * order they finish: the children here finish b, c, a, and the awaiter wakes
 * once, after the last of them, with [a's, b's, c's] results. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
    wa_value result;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: sleeping %g", f->name, f->delay);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: returning %s", f->name, fmt(&f->result));
    WA_RETURN(co, f->result);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *kids[3];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->kids[0] = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 3, .result = wa_str("A"));
    f->kids[1] = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 1, .result = wa_int(20));
    f->kids[2] = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 2, .result = wa_str("C"));
    TRACE_NOW("main: awaiting gather(a, b, c)");
    WA_AWAIT(co, wa_gather(co, f->kids, 3, false));
    TRACE_NOW("main: gather -> %s (%zu items)", fmt(&co->value), co->value.as.list.len);
    for (int i = 0; i < 3; i++) wa_task_unref(f->kids[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
