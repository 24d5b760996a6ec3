/* A task that goes away while pending is reported ("Task was destroyed but
 * it is pending!"), in debug mode with where it was created; one whose
 * coroutine never even started is also reported as a coroutine that was
 * never awaited (CPython's RuntimeWarning, after the task's report; a C
 * report through the handler).  wasyncio also reports, in debug mode, the
 * work still pending when the loop is closed: asyncio has no such report,
 * so the C handler leaves those out.  The C tasks go when the loop is
 * freed; in Python, when the last reference goes. */
#include "trace.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)arg;
    if (strncmp(ctx->message, "the event loop was closed", 25) == 0) return;
    if (strncmp(ctx->message, "coroutine '", 11) == 0) {
        TRACE(loop, "warning: %s", ctx->message);
        return;
    }
    TRACE(loop, "handler: %s (task %s, created in %s)", ctx->message, wa_task_name(ctx->task),
          ctx->site ? ctx->site->func : "unknown");
}

typedef struct {
    wa_coro co;
    wa_future *fut;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, f->fut);
    WA_END(co);
}

static wa_status never_run(wa_coro *co) {
    WA_BEGIN(co);
    WA_END(co);
}

static wa_task *spawn(wa_loop *loop, wa_step_fn step, wa_future *fut, const char *name) {
    return WA_SPAWN_NAMED(loop, name, step, waiter_frame, .fut = fut);
}

typedef struct {
    wa_coro co;
} sleep_frame;

static wa_status sleep_half(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    wa_loop *loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL, .debug = true});
    wa_loop_set_exception_handler(loop, handler, NULL);
    wa_future *fut = wa_future_new(loop);
    wa_task *waiting = spawn(loop, waiter, fut, "waiting");
    wa_task *nap = WA_SPAWN(loop, sleep_half, sleep_frame);
    if (conf_failed(wa_loop_run_until_complete(loop, wa_task_future(nap)), "run_until_complete")) return 1;
    wa_task_unref(nap);
    TRACE(loop, "main: waiting is %s", wa_future_done(wa_task_future(waiting)) ? "done" : "pending");
    wa_task *never = spawn(loop, never_run, NULL, "never");
    TRACE(loop, "main: closing the loop");
    wa_loop_close(loop);
    TRACE(loop, "main: freeing the tasks");
    wa_task_unref(waiting);
    wa_future_unref(fut);
    wa_task_unref(never);
    double now = wa_loop_time(loop);
    wa_loop_free(loop);
    printf("%.3f main: done\n", now);
    return 0;
}
