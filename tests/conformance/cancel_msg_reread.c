/* CPython hands out the CancelledError that left a cancelled task only once:
 * the first reader (here the awaiter) gets it with its message, later reads
 * (await again, result()) get a fresh CancelledError without one.  A task
 * cancelled as it returned (must_cancel) keeps its message for every read. */
#include "trace.h"

typedef struct {
    wa_coro co;
} frame;

static wa_status sleeper(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 10));
    WA_END(co);
}

static wa_status quitter(wa_coro *co) {
    WA_BEGIN(co);
    wa_task_cancel(wa_current_task(wa_get_running_loop()), "as it returned");
    WA_RETURN(co, wa_int(42));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *name;
    wa_task *task;
    int i;
    wa_error *err;
} read_frame;

static wa_status read_twice(wa_coro *co) {
    read_frame *f = (read_frame *)co;
    wa_error *e;
    WA_BEGIN(co);
    for (f->i = 1; f->i <= 2; f->i++) {
        WA_AWAIT_TRY(co, f->task, f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err) TRACE_NOW("%s: await #%d raised CancelledError: '%s'", f->name, f->i, wa_error_message(f->err));
    }
    if (wa_future_result(wa_task_future(f->task), NULL) == WA_ECANCELLED) {
        e = wa_future_cancelled_error(wa_task_future(f->task));
        TRACE_NOW("%s: result() raised CancelledError: '%s'", f->name, wa_error_message(e));
        wa_error_unref(e);
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *sleepy, *quitter;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->sleepy = WA_SPAWN(loop, sleeper, frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->sleepy, "raised inside");
    WA_AWAIT_CALL(co, read_twice, read_frame, .name = "sleeper", .task = f->sleepy);
    f->quitter = WA_SPAWN(loop, quitter, frame);
    WA_AWAIT_CALL(co, read_twice, read_frame, .name = "quitter", .task = f->quitter);
    wa_task_unref(f->sleepy);
    wa_task_unref(f->quitter);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
