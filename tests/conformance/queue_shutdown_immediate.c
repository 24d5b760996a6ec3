/* shutdown(immediate=True) drops the queued items and marks each dropped
 * item done, so join() returns as soon as the items already taken are done.
 * Gets raise QueueShutDown at once, even a getter woken by a put just before
 * the shutdown, and a waiting putter raises although the queue now has room. */
#include "trace.h"

static const char *code_name(int rc) {
    return rc == WA_OK ? "ok" : rc == WA_EFULL ? "QueueFull" : rc == WA_EEMPTY ? "QueueEmpty"
         : rc == WA_ESHUTDOWN ? "QueueShutDown" : wa_err_name(rc);
}

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    char item[8];
    wa_error *err;
} frame;

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_AWAIT_TRY(co, wa_queue_get(co, f->q), f->err);
        if (f->err && !wa_error_is(f->err, WA_QUEUE_SHUTDOWN)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err) {
            TRACE_NOW("worker: get raised %s", wa_error_type_of(f->err)->name);
            WA_RETURN(co, wa_none());
        }
        snprintf(f->item, sizeof f->item, "%s", co->value.as.buf.data);
        TRACE_NOW("worker: got %s", f->item);
        WA_AWAIT(co, wa_sleep(co, 1));
        wa_queue_task_done(f->q);
        TRACE_NOW("worker: done %s", f->item);
    }
    WA_END(co);
}

static wa_status getter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("getter: waiting");
    WA_AWAIT_TRY(co, wa_queue_get(co, f->q), f->err);
    if (f->err && !wa_error_is(f->err, WA_QUEUE_SHUTDOWN)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("getter: raised %s, qsize=%zu", wa_error_type_of(f->err)->name, wa_queue_qsize(f->q));
    else
        TRACE_NOW("getter: got %s", co->value.as.buf.data);
    WA_END(co);
}

static wa_status putter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("putter: putting y (full=%s)", yes(wa_queue_full(f->q)));
    WA_AWAIT_TRY(co, wa_queue_put(co, f->q, wa_str("y")), f->err);
    if (f->err && !wa_error_is(f->err, WA_QUEUE_SHUTDOWN)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("putter: raised %s, full=%s", wa_error_type_of(f->err)->name, yes(wa_queue_full(f->q)));
    WA_END(co);
}

static wa_status joiner(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_queue_join(co, f->q));
    TRACE_NOW("%s: join returned", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q, *small;
    wa_task *tasks[5];
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value item;
    int rc;
    WA_BEGIN(co);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    wa_queue_put_nowait(f->q, wa_str("a"));
    f->tasks[0] = WA_SPAWN(loop, worker, frame, .q = f->q);
    f->tasks[1] = WA_SPAWN(loop, getter, frame, .q = f->q);
    f->tasks[2] = WA_SPAWN(loop, joiner, frame, .name = "joiner", .q = f->q);
    f->small = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    wa_queue_put_nowait(f->small, wa_str("x"));
    f->tasks[3] = WA_SPAWN(loop, putter, frame, .q = f->small);
    f->tasks[4] = WA_SPAWN(loop, joiner, frame, .name = "small joiner", .q = f->small);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_queue_put_nowait(f->q, wa_str("b"));
    wa_queue_put_nowait(f->q, wa_str("c"));
    TRACE_NOW("main: put b, c: qsize=%zu", wa_queue_qsize(f->q));
    wa_queue_shutdown(f->q, true);
    TRACE_NOW("main: shut down, qsize=%zu", wa_queue_qsize(f->q));
    rc = wa_queue_put_nowait(f->q, wa_str("z"));
    if (rc) TRACE_NOW("main: put_nowait raised %s", code_name(rc));
    rc = wa_queue_get_nowait(f->q, &item);
    if (rc) TRACE_NOW("main: get_nowait raised %s", code_name(rc));
    wa_value_clear(&item);
    wa_queue_shutdown(f->small, true);
    TRACE_NOW("main: small shut down, qsize=%zu", wa_queue_qsize(f->small));
    for (f->i = 0; f->i < 5; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        wa_task_unref(f->tasks[f->i]);
    }
    TRACE_NOW("main: all done");
    wa_queue_free(f->q);
    wa_queue_free(f->small);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
