/* Cancelling a task that awaits another task cancels the inner task instead.
 * If the inner task swallows the cancellation and returns a value, the outer
 * task simply receives that value: it is not cancelled, though its
 * cancelling() count says a cancel was requested. */
#include <ctype.h>
#include <string.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_task *child;
    wa_error *err;
    char upper[32];
} frame;

static wa_status inner(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("inner: swallowed CancelledError: %s", wa_error_message(f->err));
    WA_RETURN(co, wa_str("inner's value"));
    WA_END(co);
}

static wa_status outer(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, f->child);
    TRACE_NOW("outer: got %s", co->value.as.buf.data);
    for (size_t i = 0; i + 1 < sizeof f->upper && co->value.as.buf.data[i]; i++)
        f->upper[i] = (char)toupper((unsigned char)co->value.as.buf.data[i]);
    WA_RETURN(co, wa_str(f->upper));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *child, *parent;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    bool r;
    WA_BEGIN(co);
    f->child = WA_SPAWN(loop, inner, frame);
    f->parent = WA_SPAWN(loop, outer, frame, .child = f->child);
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->parent, "stop");
    TRACE_NOW("main: parent.cancel('stop') -> %s", yes(r));
    TRACE_NOW("main: cancelling parent=%d child=%d", wa_task_cancelling(f->parent), wa_task_cancelling(f->child));
    WA_AWAIT(co, f->parent);
    TRACE_NOW("main: parent returned %s, cancelled=%s", co->value.as.buf.data,
              yes(wa_future_cancelled(wa_task_future(f->parent))));
    TRACE_NOW("main: cancelling parent=%d child=%d", wa_task_cancelling(f->parent), wa_task_cancelling(f->child));
    wa_task_unref(f->child);
    wa_task_unref(f->parent);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
