/* Another thread cancels the future of a coroutine running on the loop:
 * cancel() returns True at once, the future is cancelled and done (never
 * running), result() and exception() raise concurrent.futures'
 * CancelledError, and its done callback ran in the cancelling thread; on the
 * loop the task gets asyncio's CancelledError at its await and cleans up.
 * A future whose coroutine returned cannot be cancelled.  (A second
 * coroutine's round trip from the same thread orders the events: the loop
 * handles one thread's calls in the order they were made.)
 * native-only: threads */
#include "trace.h"

typedef struct {
    wa_coro co;
    conf_lines *log;
    wa_error *err;
} sleeper_frame;

static wa_status sleeper(wa_coro *co) {
    sleeper_frame *f = (sleeper_frame *)co;
    WA_BEGIN(co);
    lines_add(f->log, "sleeper: started");
    WA_AWAIT_TRY(co, wa_sleep(co, 3600), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) {
        lines_add(f->log, "sleeper: CancelledError at its await, cleaning up");
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
} ping_frame;

static wa_status ping(wa_coro *co) {
    WA_BEGIN(co);
    WA_RETURN(co, wa_str("pong"));
    WA_END(co);
}

typedef struct {
    wa_loop *loop;
    conf_lines out, log;
} shared;

static _Thread_local bool cancelling_thread;

static void on_done(wa_cfuture *f, void *arg) {
    (void)f;
    lines_add(arg, "callback: in the cancelling thread: %s", yes(cancelling_thread));
}

static wa_value in_thread(void *arg, wa_error **error) {
    (void)error;
    shared *s = arg;
    conf_lines *out = &s->out;
    wa_value v;
    wa_error *err;
    cancelling_thread = true;
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(s->loop, sleeper, sleeper_frame, .log = &s->log);
    wa_cfuture_add_done_callback(f, on_done, out);
    wa_cfuture *g = WA_RUN_COROUTINE_THREADSAFE(s->loop, ping, ping_frame);
    wa_cfuture_result(g, WA_NO_TIMEOUT, &v, NULL);
    lines_add(out, "ping: %s", v.as.buf.data);
    wa_cfuture_unref(g);
    lines_add(out, "running=%s done=%s", yes(wa_cfuture_running(f)), yes(wa_cfuture_done(f)));
    bool cancelled = wa_cfuture_cancel(f);
    lines_add(out, "cancel() -> %s", yes(cancelled));
    lines_add(out, "cancelled=%s done=%s running=%s", yes(wa_cfuture_cancelled(f)), yes(wa_cfuture_done(f)),
        yes(wa_cfuture_running(f)));
    if (wa_cfuture_result(f, WA_NO_TIMEOUT, &v, &err) == WA_EEXCEPTION &&
        wa_error_is(err, WA_CONCURRENT_CANCELLED_ERROR))
        lines_add(out, "result() raised concurrent.futures.CancelledError");
    wa_error_unref(err);
    if (wa_cfuture_exception(f, 0, NULL, &err) == WA_EEXCEPTION && wa_error_is(err, WA_CONCURRENT_CANCELLED_ERROR))
        lines_add(out, "exception() raised %s, an Exception: %s", wa_error_type_of(err)->name,
            yes(wa_error_is(err, WA_EXCEPTION)));
    wa_error_unref(err);
    lines_add(out, "cancel() again -> %s", yes(wa_cfuture_cancel(f)));
    wa_cfuture_unref(f);
    g = WA_RUN_COROUTINE_THREADSAFE(s->loop, ping, ping_frame);
    wa_cfuture_result(g, WA_NO_TIMEOUT, &v, NULL);
    lines_add(out, "ping: %s, then cancel() -> %s, cancelled=%s", v.as.buf.data, yes(wa_cfuture_cancel(g)),
        yes(wa_cfuture_cancelled(g)));
    wa_cfuture_unref(g);
    cancelling_thread = false;
    return wa_none();
}

typedef struct {
    wa_coro co;
    shared s;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->s.loop = wa_get_running_loop();
    WA_AWAIT(co, wa_to_thread(co, in_thread, &f->s));
    printf("%s%s", f->s.out.text, f->s.log.text);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
