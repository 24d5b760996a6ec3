/* Cancelling a task while the async generator it iterates is suspended in
 * an await inside anext delivers CancelledError inside the generator: its
 * cleanup runs with it, the generator is finished, and the cancellation
 * comes out of the `async for`; a later anext raises StopAsyncIteration. */
#include <inttypes.h>

#include "trace.h"

/* try: ... except BaseException as e: trace(<what>, e); raise */
typedef struct {
    wa_scope scope;
    bool in_gen;
} trace_scope;

static wa_future *trace_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    if (!s->error) return NULL;
    if (((trace_scope *)s)->in_gen)
        TRACE_NOW("gen: cleanup after %s: %s", wa_error_type_of(s->error)->name, wa_error_message(s->error));
    else if (wa_error_is(s->error, WA_CANCELLED_ERROR))
        TRACE_NOW("consumer: async for raised %s", wa_error_type_of(s->error)->name);
    return NULL;
}

static void trace_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops trace_ops = {trace_exit, trace_drop};

static wa_scope *trace_enter(trace_scope *t, bool in_gen) {
    t->scope.ops = &trace_ops;
    t->in_gen = in_gen;
    return &t->scope;
}

typedef struct {
    wa_coro co;
    trace_scope cleanup;
    int i;
} feed_frame;

static wa_status feed(wa_coro *co) {
    feed_frame *f = (feed_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, trace_enter(&f->cleanup, true)) {
        for (f->i = 0; f->i < 10; f->i++) {
            WA_AWAIT(co, wa_sleep(co, 1));
            WA_YIELD_VALUE(co, wa_int(f->i));
        }
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    trace_scope handler;
} consumer_frame;

static wa_status consumer(wa_coro *co) {
    consumer_frame *f = (consumer_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, trace_enter(&f->handler, false)) {
        WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
            TRACE_NOW("consumer: got %" PRId64, co->value.as.i);
        }
        WA_ASYNC_FOR_END(co);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    wa_task *t;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), feed, feed_frame);
    f->t = WA_SPAWN(wa_get_running_loop(), consumer, consumer_frame, .gen = f->gen);
    WA_AWAIT(co, wa_sleep(co, 2.5));
    wa_task_cancel(f->t, "enough");
    WA_AWAIT_TRY(co, f->t, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: consumer raised %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
    if (!wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: anext raised %s", wa_error_type_of(f->err)->name);
    wa_task_unref(f->t);
    wa_agen_free(f->gen);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
