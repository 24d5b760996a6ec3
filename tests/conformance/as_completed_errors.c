/* A failed or cancelled input is yielded like any other, in its turn:
 * awaiting it raises its error (or CancelledError) in the loop body, which
 * can catch it and go on; the remaining inputs keep coming. */
#include "trace.h"

#define N 4

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
    bool fail;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    if (f->fail) {
        TRACE_NOW("%s: raising ValueError", f->name);
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s broke", f->name));
    }
    TRACE_NOW("%s: finished", f->name);
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

static void cancel(wa_loop *loop, void *arg) {
    TRACE(loop, "callback: fut.cancel() -> %s", yes(wa_future_cancel(arg, NULL)));
}

typedef struct {
    wa_coro co;
    wa_task *tasks[N];
    wa_future *futs[N];
    wa_as_completed *ac;
    const char *name;
    wa_error *err;
} main_frame;

static const char *const names[N] = {"c", "fut", "b", "a"};

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->futs[1] = wa_future_new(loop);
    wa_call_later(loop, 0.25, cancel, f->futs[1], NULL);
    f->tasks[0] = WA_SPAWN(loop, worker, worker_frame, .name = "c", .delay = 0.3);
    f->tasks[2] = WA_SPAWN(loop, worker, worker_frame, .name = "b", .delay = 0.2, .fail = true);
    f->tasks[3] = WA_SPAWN(loop, worker, worker_frame, .name = "a", .delay = 0.1);
    f->futs[0] = wa_task_future(f->tasks[0]);
    f->futs[2] = wa_task_future(f->tasks[2]);
    f->futs[3] = wa_task_future(f->tasks[3]);
    f->ac = wa_as_completed_new(co, f->futs, N, WA_NO_TIMEOUT);
    while (wa_as_completed_left(f->ac)) {
        WA_AWAIT(co, wa_as_completed_next(co, f->ac));
        for (int i = 0; i < N; i++)
            if (f->futs[i] == co->value.as.ptr.p) f->name = names[i];
        WA_AWAIT_TRY(co, (wa_future *)co->value.as.ptr.p, f->err);
        if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR) && !wa_error_is(f->err, WA_CANCELLED_ERROR))
            WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: awaiting %s raised %s: %s", f->name, wa_error_type_of(f->err)->name,
                      wa_error_message(f->err));
        else
            TRACE_NOW("main: %s -> %s", f->name, co->value.as.buf.data);
    }
    wa_as_completed_free(f->ac);
    TRACE_NOW("main: iteration over, cancelling=%d", wa_task_cancelling(wa_current_task(loop)));
    wa_future_unref(f->futs[1]);
    wa_task_unref(f->tasks[0]);
    wa_task_unref(f->tasks[2]);
    wa_task_unref(f->tasks[3]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
