/* Once a gather has failed, a later error of another child is marked
 * retrieved by the gather's done callback, so dropping that child reports
 * nothing; a failed task that no gather watched and nobody read reports
 * "Task exception was never retrieved" to the loop's exception handler. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)arg;
    if (ctx->exception)
        TRACE(loop, "handler: %s: %s(%s)", ctx->message, wa_error_type_of(ctx->exception)->name,
              wa_error_message(ctx->exception));
    else
        TRACE(loop, "handler: %s: None", ctx->message);
}

typedef struct {
    wa_coro co;
    wa_task *a, *b, *c;
    wa_future *futs[2];
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, handler, NULL);
    f->a = WA_SPAWN(loop, child, child_frame, .name = "a", .delay = 1, .fail = WA_VALUE_ERROR, .fail_msg = "a bad");
    f->b = WA_SPAWN(loop, child, child_frame, .name = "b", .delay = 2, .fail = WA_RUNTIME_ERROR, .fail_msg = "b bad");
    f->c = WA_SPAWN(loop, child, child_frame, .name = "c", .delay = 2.5, .fail = WA_VALUE_ERROR, .fail_msg = "c bad");
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = wa_task_future(f->b);
    WA_AWAIT_TRY(co, wa_gather(co, f->futs, 2, false), f->err);
    if (!wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT(co, wa_sleep(co, 3));
    TRACE_NOW("main: b.done()=%s c.done()=%s; dropping a, b, c", yes(wa_future_done(wa_task_future(f->b))),
              yes(wa_future_done(wa_task_future(f->c))));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
