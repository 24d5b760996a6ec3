/* shutdown() (3.13): getters waiting on an empty queue are woken and raise
 * QueueShutDown, and so does a putter waiting on a full one; later puts raise
 * at once (put_nowait too), while gets drain the items still queued and
 * raise QueueShutDown only once the queue is empty.  Shutting down twice is
 * harmless. */
#include "trace.h"

static const char *code_name(int rc) {
    return rc == WA_OK ? "ok" : rc == WA_EFULL ? "QueueFull" : rc == WA_EEMPTY ? "QueueEmpty"
         : rc == WA_ESHUTDOWN ? "QueueShutDown" : wa_err_name(rc);
}

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    const char *item;
    wa_error *err;
} frame;

static wa_status getter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: waiting", f->name);
    WA_AWAIT_TRY(co, wa_queue_get(co, f->q), f->err);
    if (f->err && !wa_error_is(f->err, WA_QUEUE_SHUTDOWN)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("%s: raised %s", f->name, wa_error_type_of(f->err)->name);
    else
        TRACE_NOW("%s: got %s", f->name, co->value.as.buf.data);
    WA_END(co);
}

static wa_status putter(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: putting %s", f->name, f->item);
    WA_AWAIT_TRY(co, wa_queue_put(co, f->q, wa_str(f->item)), f->err);
    if (f->err && !wa_error_is(f->err, WA_QUEUE_SHUTDOWN)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("%s: raised %s", f->name, wa_error_type_of(f->err)->name);
    else
        TRACE_NOW("%s: put done", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *idle, *q;
    wa_task *getters[2], *p;
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value item;
    int rc;
    WA_BEGIN(co);
    f->idle = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    f->getters[0] = WA_SPAWN(loop, getter, frame, .name = "g1", .q = f->idle);
    f->getters[1] = WA_SPAWN(loop, getter, frame, .name = "g2", .q = f->idle);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_queue_shutdown(f->idle, false);
    TRACE_NOW("main: idle shut down");
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT(co, f->getters[f->i]);
        wa_task_unref(f->getters[f->i]);
    }

    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 2);
    wa_queue_put_nowait(f->q, wa_str("a"));
    wa_queue_put_nowait(f->q, wa_str("b"));
    f->p = WA_SPAWN(loop, putter, frame, .name = "p", .q = f->q, .item = "c");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_queue_shutdown(f->q, false);
    TRACE_NOW("main: q shut down, qsize=%zu", wa_queue_qsize(f->q));
    WA_AWAIT(co, f->p);
    wa_task_unref(f->p);
    rc = wa_queue_put_nowait(f->q, wa_str("d"));
    if (rc) TRACE_NOW("main: put_nowait raised %s", code_name(rc));
    WA_AWAIT(co, wa_queue_get(co, f->q));
    TRACE_NOW("main: get -> %s", co->value.as.buf.data);
    WA_AWAIT_TRY(co, wa_queue_put(co, f->q, wa_str("e")), f->err);
    if (f->err && !wa_error_is(f->err, WA_QUEUE_SHUTDOWN)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: put (not full) raised %s", wa_error_type_of(f->err)->name);
    wa_queue_get_nowait(f->q, &item);
    TRACE_NOW("main: get_nowait -> %s", item.as.buf.data);
    wa_value_clear(&item);
    wa_queue_shutdown(f->q, false);
    WA_AWAIT_TRY(co, wa_queue_get(co, f->q), f->err);
    if (f->err && !wa_error_is(f->err, WA_QUEUE_SHUTDOWN)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: get raised %s", wa_error_type_of(f->err)->name);
    rc = wa_queue_get_nowait(f->q, &item);
    if (rc) TRACE_NOW("main: get_nowait raised %s", code_name(rc));
    wa_value_clear(&item);
    WA_AWAIT_CALL(co, getter, frame, .name = "g3", .q = f->q);
    TRACE_NOW("main: qsize=%zu empty=%s", wa_queue_qsize(f->q), yes(wa_queue_empty(f->q)));
    wa_queue_free(f->idle);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
