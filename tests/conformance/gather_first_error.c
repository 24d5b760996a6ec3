/* Without return_exceptions the first child error fails the gather at once:
 * the awaiter gets that error while the other children keep running (one
 * returns later, one fails later), and the gather stays done with the first
 * error; the later failure changes nothing. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c;
    wa_future *futs[3];
    wa_future *g;
    wa_error *err;
} main_frame;

static const char *err_text(wa_error *e) {
    static char buf[128];
    snprintf(buf, sizeof buf, "%s(%s)", wa_error_type_of(e)->name, wa_error_message(e));
    return buf;
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *exc;
    wa_value v;
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 1, .fail = WA_VALUE_ERROR, .fail_msg = "a failed");
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 2, .result = wa_str("B"));
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 3, .fail = WA_RUNTIME_ERROR, .fail_msg = "c failed");
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = wa_task_future(f->b);
    f->futs[2] = wa_task_future(f->c);
    f->g = wa_future_ref(wa_gather(co, f->futs, 3, false));
    TRACE_NOW("main: awaiting gather(a, b, c)");
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!f->err) TRACE_NOW("main: not reached");
    if (!wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s", err_text(f->err));
    wa_future_exception(f->g, &exc);
    TRACE_NOW("main: gather done=%s cancelled=%s exception=%s", yes(wa_future_done(f->g)),
              yes(wa_future_cancelled(f->g)), err_text(exc));
    TRACE_NOW("main: b done=%s, c done=%s", yes(wa_future_done(f->futs[1])), yes(wa_future_done(f->futs[2])));
    WA_AWAIT(co, wa_sleep(co, 5));
    wa_future_result(f->futs[1], &v);
    wa_future_exception(f->futs[2], &exc);
    TRACE_NOW("main: b result=%s, c exception=%s", fmt(&v), err_text(exc));
    wa_future_exception(f->g, &exc);
    TRACE_NOW("main: gather exception still %s", err_text(exc));
    wa_future_unref(f->g);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
