/* An exception raised in a task propagates to whoever awaits it, through a
 * task that does not catch it, and is caught with try/except by type; an
 * `except ValueError` does not catch a RuntimeError, which goes on to an
 * outer handler.  The same holds for an inline sub-coroutine.  A user
 * exception type derives from Exception. */
#include <inttypes.h>

#include "trace.h"

static const wa_error_type config_error = {"ConfigError", WA_EXCEPTION};

typedef struct {
    wa_coro co;
    const char *text;
    wa_task *task;
    int64_t n;
    wa_error *err;
} frame;

static wa_status parse(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("parse: raising ValueError for %s", f->text);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad input: %s", f->text));
    WA_END(co);
}

static wa_status relay(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("relay: awaiting parse, not catching");
    WA_AWAIT(co, f->task);
    TRACE_NOW("relay: not reached");
    WA_END(co);
}

static wa_status check(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    if (f->n < 0) WA_RAISE(co, wa_error_new(&config_error, "negative: %" PRId64, f->n));
    WA_RETURN(co, wa_int(f->n));
    WA_END(co);
}

static wa_status fail_runtime(wa_coro *co) {
    WA_BEGIN(co);
    WA_YIELD(co);
    WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "wrong kind"));
    WA_END(co);
}

/* try: await fail_runtime()  except ValueError: ...  (anything else goes on) */
static wa_status inner_try(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, fail_runtime, frame);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *parser, *relayer;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *exc;
    WA_BEGIN(co);
    f->parser = WA_SPAWN(loop, parse, frame, .text = "x=1");
    f->relayer = WA_SPAWN(loop, relay, frame, .task = f->parser);
    WA_AWAIT_TRY(co, f->relayer, f->err);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_exception(wa_task_future(f->parser), &exc);
    TRACE_NOW("parser.exception() is %s", exc ? wa_error_type_of(exc)->name : "None");
    wa_task_unref(f->parser);
    wa_task_unref(f->relayer);
    WA_AWAIT_CALL_TRY(co, f->err, check, frame, .n = -1);
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_CALL_TRY(co, f->err, inner_try, frame);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("outer caught %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
