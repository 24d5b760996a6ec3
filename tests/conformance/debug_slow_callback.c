/* In debug mode a callback or a task step that runs for
 * loop.slow_callback_duration (0.1 s by default) or longer is reported:
 * "Executing <Handle work(...) ...> took 0.200 seconds".  asyncio logs it
 * as a warning; wasyncio hands it to the exception handler.  The virtual
 * clock stands for the work: each callback moves it on by what it "takes".
 * Both sides print what was slow and for how long. */
#include "trace.h"

static void handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)arg;
    const char *took = strstr(ctx->message, "> took ");
    if (strncmp(ctx->message, "Executing <", 11) != 0 || !took) return;
    char what[64], dt[16];
    if (ctx->task) {
        snprintf(what, sizeof what, "task %s", wa_task_name(ctx->task));
    } else {
        /* "<Handle work() ...>" or "<TimerHandle when=1.000 work() ...>" */
        const char *name = strstr(ctx->message, "Handle ") + strlen("Handle ");
        if (strncmp(name, "when=", 5) == 0) name = strchr(name, ' ') + 1;
        snprintf(what, sizeof what, "callback %.*s", (int)(strchr(name, '(') - name), name);
    }
    snprintf(dt, sizeof dt, "%.*s", (int)strcspn(took + 7, " "), took + 7);
    TRACE(loop, "slow: %s took %s s", what, dt);
}

static void work(wa_loop *loop, void *arg) {
    double seconds = *(const double *)arg;
    TRACE(loop, "work: %g s", seconds);
    wa_loop_advance_virtual_time(loop, seconds);
}

typedef struct {
    wa_coro co;
    double seconds;
} stepper_frame;

static wa_status stepper(wa_coro *co) {
    stepper_frame *f = (stepper_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("stepper: start");
    wa_loop_advance_virtual_time(wa_get_running_loop(), f->seconds);
    WA_YIELD(co);
    TRACE_NOW("stepper: done");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
} main_frame;

static const double d20 = 0.2, d05 = 0.05, d15 = 0.15, d35 = 0.35;

static wa_status amain(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, handler, NULL);
    TRACE_NOW("main: slow_callback_duration %g", wa_loop_get_slow_callback_duration(loop));
    wa_call_soon(loop, work, (void *)&d20, NULL);
    wa_call_soon(loop, work, (void *)&d05, NULL);
    wa_call_later(loop, 1, work, (void *)&d15, NULL);
    f->t = WA_SPAWN_NAMED(loop, "stepper", stepper, stepper_frame, .seconds = 0.25);
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    WA_AWAIT(co, wa_sleep(co, 2));
    wa_loop_set_slow_callback_duration(loop, 0.3);
    TRACE_NOW("main: slow_callback_duration %g", wa_loop_get_slow_callback_duration(loop));
    wa_call_soon(loop, work, (void *)&d20, NULL);
    wa_call_soon(loop, work, (void *)&d35, NULL);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_DEBUG(amain, main_frame);
}
