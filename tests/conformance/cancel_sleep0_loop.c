/* A task spinning on sleep(0) is never suspended on a future, so cancel()
 * only marks it: the CancelledError comes out of its pending sleep(0) at its
 * next step, in the same loop iteration order, without time moving.  It can
 * catch it and keep spinning; a second cancel() is delivered the same way. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    int n;
    int caught;
    wa_error *err;
} frame;

static wa_status spinner(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    for (f->n = 1; f->n < 7; f->n++) {
        WA_AWAIT_TRY(co, wa_sleep(co, 0), f->err);
        if (!f->err) TRACE_NOW("spinner: round %d", f->n);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err) {
            f->caught++;
            TRACE_NOW("spinner: round %d cancelled (%s), cancelling=%d", f->n, wa_error_message(f->err),
                      wa_task_cancelling(wa_current_task(wa_get_running_loop())));
        }
    }
    WA_RETURN(co, wa_int(f->caught));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    bool r;
    WA_BEGIN(co);
    f->task = WA_SPAWN(wa_get_running_loop(), spinner, frame);
    WA_YIELD(co);
    WA_YIELD(co);
    r = wa_task_cancel(f->task, "one");
    TRACE_NOW("main: cancel('one') -> %s", yes(r));
    WA_YIELD(co);
    WA_YIELD(co);
    r = wa_task_cancel(f->task, "two");
    TRACE_NOW("main: cancel('two') -> %s", yes(r));
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: spinner caught %" PRId64 ", cancelled=%s, cancelling=%d", co->value.as.i,
              yes(wa_future_cancelled(wa_task_future(f->task))), wa_task_cancelling(f->task));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
