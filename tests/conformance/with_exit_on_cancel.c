/* The exit of an async context manager runs when its body is cancelled: it
 * sees CancelledError (cancelling() is 1), may await, and the cancellation
 * then goes on, so the task ends cancelled with the message.  A cancellation
 * arriving while the exit itself awaits replaces the body's error. */
#include "trace.h"

typedef struct {
    wa_scope scope;
    const char *name;
    int phase;
} conn;

static wa_future *conn_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    conn *c = (conn *)s;
    if (c->phase == 0) {
        TRACE_NOW("%s: exit with %s: %s, cancelling=%d", c->name, wa_error_type_of(s->error)->name,
                  wa_error_message(s->error), wa_task_cancelling(co->task));
        c->phase = 1;
        return wa_sleep(co, 0.5);
    }
    if (resumed) {
        TRACE_NOW("%s: exit interrupted by %s", c->name, wa_error_type_of(resumed)->name);
        wa_error_unref(s->error);
        s->error = wa_error_ref(resumed);
        return NULL;
    }
    TRACE_NOW("%s: closed", c->name);
    return NULL;
}

static void conn_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops conn_ops = {conn_exit, conn_drop};

static wa_scope *conn_enter(conn *c, const char *name) {
    c->scope.ops = &conn_ops;
    c->name = name;
    c->phase = 0;
    TRACE_NOW("%s: open", name);
    return &c->scope;
}

typedef struct {
    wa_coro co;
    conn c;
} worker_frame;

static wa_status worker1(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, conn_enter(&f->c, "c1")) {
        TRACE_NOW("worker1: sleeping 10");
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("worker1: not reached");
    }
    WA_WITH_END(co);
    TRACE_NOW("worker1: not reached either");
    WA_END(co);
}

static wa_status worker2(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, conn_enter(&f->c, "c2")) {
        WA_AWAIT(co, wa_sleep(co, 0.2));
        TRACE_NOW("worker2: raising ValueError");
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad reply"));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *w1, *w2;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    bool r;
    WA_BEGIN(co);
    f->w1 = WA_SPAWN(wa_get_running_loop(), worker1, worker_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    r = wa_task_cancel(f->w1, "stop");
    TRACE_NOW("main: cancel w1 -> %s", yes(r));
    WA_AWAIT_TRY(co, f->w1, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: w1 raised %s: %s, cancelled=%s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
              yes(wa_future_cancelled(wa_task_future(f->w1))));
    f->w2 = WA_SPAWN(wa_get_running_loop(), worker2, worker_frame);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    r = wa_task_cancel(f->w2, "hurry");
    TRACE_NOW("main: cancel w2 -> %s", yes(r));
    WA_AWAIT_TRY(co, f->w2, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
    TRACE_NOW("main: w2 raised %s: %s, cancelled=%s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
              yes(wa_future_cancelled(wa_task_future(f->w2))));
    wa_task_unref(f->w1);
    wa_task_unref(f->w2);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
