/* Tasks that return `await sleep(delay, result)` finish in delay order, and
 * gather lists their results in argument order. */
#include "trace.h"

typedef struct {
    wa_coro co;
    double delay;
    const char *result;
} later_frame;

static wa_status later(wa_coro *co) {
    later_frame *f = (later_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep_result(co, f->delay, wa_str(f->result)));
    TRACE_NOW("later(%g): %s", f->delay, co->value.as.buf.data);
    WA_RETURN(co, co->value);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t[4];
    wa_future *futs[4];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    static const double delay[4] = {3, 1, 2, 0};
    static const char *const result[4] = {"c", "a", "b", "now"};
    WA_BEGIN(co);
    for (int i = 0; i < 4; i++) {
        f->t[i] = WA_SPAWN(loop, later, later_frame, .delay = delay[i], .result = result[i]);
        f->futs[i] = wa_task_future(f->t[i]);
    }
    WA_AWAIT(co, wa_gather(co, f->futs, 4, false));
    {
        const wa_value *rs = co->value.as.list.items;
        TRACE_NOW("main: gather -> ['%s', '%s', '%s', '%s']", rs[0].as.buf.data, rs[1].as.buf.data, rs[2].as.buf.data,
                  rs[3].as.buf.data);
    }
    for (int i = 0; i < 4; i++) wa_task_unref(f->t[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
