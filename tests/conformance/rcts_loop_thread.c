/* run_coroutine_threadsafe called on the loop's own thread: the coroutine
 * becomes a task in the next iteration, the future stays pending (result
 * with timeout 0 raises TimeoutError) until the task ends, and its done
 * callback then runs on the loop's thread.  Cancelled before its task
 * exists, the future is cancelled at once and the task still takes its
 * first step before the cancel arrives.  call_soon_threadsafe on the
 * loop's thread keeps call_soon's order.
 * native-only: threads (run_coroutine_threadsafe needs them to exist) */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *tag;
    double delay;
    wa_error *err;
} work_frame;

static wa_status work(wa_coro *co) {
    work_frame *f = (work_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s started", f->tag);
    WA_AWAIT_TRY(co, wa_sleep(co, f->delay), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) {
        TRACE_NOW("%s cancelled", f->tag);
        WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("%s returns", f->tag);
    WA_RETURN(co, wa_int((int64_t)(f->delay * 10)));
    WA_END(co);
}

static void say(wa_loop *loop, void *arg) { TRACE(loop, "%s", (const char *)arg); }

static void a_done(wa_cfuture *fut, void *arg) {
    (void)arg;
    wa_value v;
    wa_cfuture_result(fut, 0, &v, NULL);
    TRACE_NOW("a done: %" PRId64, v.as.i);
}

static void b_done(wa_cfuture *fut, void *arg) {
    (void)arg;
    TRACE_NOW("b done: cancelled=%s", yes(wa_cfuture_cancelled(fut)));
}

typedef struct {
    wa_coro co;
    wa_cfuture *fut;
    wa_error *err;
    wa_value v;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_call_soon(loop, say, "call_soon 1", NULL);
    wa_call_soon_threadsafe(loop, say, "call_soon_threadsafe");
    wa_call_soon(loop, say, "call_soon 2", NULL);
    f->fut = WA_RUN_COROUTINE_THREADSAFE(loop, work, work_frame, .tag = "a", .delay = 1.5);
    wa_cfuture_add_done_callback(f->fut, a_done, NULL);
    if (wa_cfuture_result(f->fut, 0, NULL, &f->err) == WA_EEXCEPTION && wa_error_is(f->err, WA_TIMEOUT_ERROR))
        TRACE_NOW("a result(timeout=0): TimeoutError");
    wa_error_unref(f->err);
    TRACE_NOW("done=%s running=%s cancelled=%s", yes(wa_cfuture_done(f->fut)), yes(wa_cfuture_running(f->fut)),
              yes(wa_cfuture_cancelled(f->fut)));
    WA_AWAIT(co, wa_sleep(co, 0));
    TRACE_NOW("main after one iteration");
    WA_AWAIT(co, wa_sleep(co, 2));
    wa_cfuture_result(f->fut, 0, &f->v, NULL);
    wa_cfuture_exception(f->fut, 0, &f->err, NULL);
    TRACE_NOW("a result: %" PRId64 ", exception: %s", f->v.as.i, f->err ? "?" : "None");
    wa_cfuture_unref(f->fut);

    f->fut = WA_RUN_COROUTINE_THREADSAFE(loop, work, work_frame, .tag = "b", .delay = 5);
    wa_cfuture_add_done_callback(f->fut, b_done, NULL);
    TRACE_NOW("b cancel() -> %s", yes(wa_cfuture_cancel(f->fut)));
    for (f->i = 0; f->i < 3; f->i++) {
        WA_AWAIT(co, wa_sleep(co, 0));
        TRACE_NOW("main iteration %d", f->i + 1);
    }
    if (wa_cfuture_result(f->fut, WA_NO_TIMEOUT, NULL, &f->err) == WA_EEXCEPTION &&
        wa_error_is(f->err, WA_CONCURRENT_CANCELLED_ERROR))
        TRACE_NOW("b result(): concurrent.futures.CancelledError");
    wa_error_unref(f->err);
    TRACE_NOW("b cancel() again -> %s, done=%s", yes(wa_cfuture_cancel(f->fut)), yes(wa_cfuture_done(f->fut)));
    wa_cfuture_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
