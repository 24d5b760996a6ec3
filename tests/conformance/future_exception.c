/* A future failed by a timer callback with set_exception wakes the task
 * awaiting it, which gets the exception; awaiting the failed future again
 * raises the same error at once, without yielding.  A second waiter that was
 * cancelled instead cancels the shared future for everyone. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_future *fut;
    wa_error *err;
} wait_frame;

/* try: await fut  except CancelledError: trace; raise  except Exception: trace */
static wa_status wait_on(wa_coro *co) {
    wait_frame *f = (wait_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->fut, f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) {
        TRACE_NOW("%s: CancelledError", f->name);
        WA_RAISE(co, wa_error_ref(f->err));
    }
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("%s: %s: %s", f->name, wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

static void fail_it(wa_loop *loop, void *fut) {
    (void)loop;
    wa_future_set_exception(fut, wa_error_new(WA_VALUE_ERROR, "sensor offline"));
}

static void say(wa_loop *loop, void *word) { TRACE(loop, "%s", (const char *)word); }

typedef struct {
    wa_coro co;
    wa_future *fut, *shared;
    wa_task *a, *b;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *exc;
    bool r;
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    wa_call_later(loop, 0.2, fail_it, f->fut, NULL);
    WA_AWAIT_CALL(co, wait_on, wait_frame, .name = "main", .fut = f->fut);
    wa_call_soon(loop, say, "callback queued before the second await", NULL);
    WA_AWAIT_CALL(co, wait_on, wait_frame, .name = "main again", .fut = f->fut);
    wa_future_exception(f->fut, &exc);
    TRACE_NOW("exception() is %s", exc ? wa_error_type_of(exc)->name : "None");
    f->shared = wa_future_new(loop);
    f->a = WA_SPAWN(loop, wait_on, wait_frame, .name = "a", .fut = f->shared);
    f->b = WA_SPAWN(loop, wait_on, wait_frame, .name = "b", .fut = f->shared);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    r = wa_task_cancel(f->a, NULL);
    TRACE_NOW("main: a.cancel() -> %s, shared.cancelled()=%s", yes(r), yes(wa_future_cancelled(f->shared)));
    WA_YIELD(co);
    TRACE_NOW("main: a.cancelled()=%s b.cancelled()=%s", yes(wa_future_cancelled(wa_task_future(f->a))),
              yes(wa_future_cancelled(wa_task_future(f->b))));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_future_unref(f->fut);
    wa_future_unref(f->shared);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
